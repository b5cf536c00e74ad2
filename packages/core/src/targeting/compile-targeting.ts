import { describeValue } from '../describe-value.js';
import { pointer } from '../json-pointer.js';
import type { JsonValue } from '../types.js';
import type { CompileOptions, CompileScope, Evaluate } from './compiler-types.js';
import { TargetingCompileError } from './compiler-types.js';
import { constant, isLiteral } from './constant.js';
import { operators } from './operator-table.js';

function isPlainObject(node: unknown): node is Record<string, JsonValue> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function compileArray(items: JsonValue[], scope: CompileScope, path: string): Evaluate {
  // Literal lists (an `in` list of ids) are data: no per-item compilation on the load path.
  if (items.every(isLiteral)) return constant(items);
  const compiled = items.map((item, i) => scope.compile(item, scope.at(path, i)));
  return (data, ctx) => compiled.map((fn) => fn(data, ctx));
}

function compileNode(node: JsonValue, scope: CompileScope, path: string): Evaluate {
  if (Array.isArray(node)) return compileArray(node, scope, path);
  if (!isPlainObject(node)) return constant(node);
  const keys = Object.keys(node);
  // As in JSON Logic: only a single-key object is an operation; anything else is literal data.
  if (keys.length !== 1) {
    if (keys.length > 0)
      scope.report?.(path, 'an object here must be a single-operator rule, not literal data');
    return constant(node);
  }
  const op = keys[0]!;
  const raw = node[op]!;
  const opPath = scope.at(path, op);
  const compileOperator = Object.hasOwn(operators, op) ? operators[op] : undefined;
  if (!compileOperator) {
    if (op === '$ref' && typeof raw === 'string' && scope.refs?.has(raw)) return () => null;
    if (op === '$ref')
      throw new TargetingCompileError(path, `unknown evaluator reference ${describeValue(raw)}`);
    throw new TargetingCompileError(path, `unknown operator ${describeValue(op)}`);
  }
  const args = Array.isArray(raw) ? raw : [raw];
  return compileOperator(args, scope, opPath);
}

/**
 * Compiles flagd targeting (JSON Logic plus flagd's operators) into closures, once, at load time.
 * No `eval` or `new Function`: it runs under a strict Content-Security-Policy.
 * Throws TargetingCompileError for unknown operators or unresolved `$ref`s.
 */
export function compileTargeting(logic: JsonValue, options: CompileOptions, path = ''): Evaluate {
  const precise = options.report !== undefined || options.trace !== undefined;
  const at = precise ? pointer : (path: string) => path;
  const make = (atRoot: boolean): CompileScope => {
    const scope: CompileScope = {
      ...options,
      atRoot,
      at,
      compile: (node, nodePath, nodeAtRoot = atRoot) =>
        compileNode(node, nodeAtRoot === atRoot ? scope : make(nodeAtRoot), nodePath),
    };
    return scope;
  };
  return compileNode(logic, make(true), path);
}
