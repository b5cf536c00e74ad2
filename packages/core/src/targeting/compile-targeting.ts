import { describeValue } from '../describe-value.js';
import { pointer } from '../json-pointer.js';
import type { JsonValue } from '../types.js';
import { type BranchTable, compileBranchTable } from './branch-table.js';
import type { CompileOptions, CompileScope, Evaluate, FlagKeyRegister } from './compiler-types.js';
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

/** Calls a shared rule from a flag's own targeting with the flag's key in the register. */
function withFlagKey(rule: Evaluate, register: FlagKeyRegister, flagKey: string): Evaluate {
  return (data, ctx) => {
    const previous = register.key;
    register.key = flagKey;
    try {
      return rule(data, ctx);
    } finally {
      register.key = previous;
    }
  };
}

/**
 * `{"$ref": name}`: the shared rule, compiled once for the whole flag set. `explain` shows what the rule
 * gave as one step instead of tracing inside it, so explaining stays as cheap as the rule is shared.
 */
function compileReference(name: string, scope: CompileScope, path: string): Evaluate {
  const shared = scope.shared!;
  const compiled = shared.compiled(name, scope.atRoot);
  // Inside a shared rule the register already holds the key; a flag's own targeting sets it.
  const rule =
    typeof scope.flagKey === 'string' ? withFlagKey(compiled, shared.register, scope.flagKey) : compiled;
  const trace = scope.trace;
  if (!trace) return rule;
  return (data, ctx) => {
    const value = rule(data, ctx);
    trace({
      path,
      kind: 'ref',
      message: `evaluator ${describeValue(name)} gave ${describeValue(value)}`,
      data: { evaluator: name, value },
    });
    return value;
  };
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
    if (op === '$ref' && typeof raw === 'string') {
      if (scope.refs?.has(raw)) return () => null;
      if (scope.shared?.has(raw)) return compileReference(raw, scope, path);
    }
    if (op === '$ref')
      throw new TargetingCompileError(path, `unknown evaluator reference ${describeValue(raw)}`);
    throw new TargetingCompileError(path, `unknown operator ${describeValue(op)}`);
  }
  const args = Array.isArray(raw) ? raw : [raw];
  return compileOperator(args, scope, opPath);
}

function rootScope(options: CompileOptions, atRoot: boolean): CompileScope {
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
  return make(atRoot);
}

/**
 * Compiles flagd targeting (JSON Logic plus flagd's operators) into closures, once, at load time.
 * No `eval` or `new Function`: it runs under a strict Content-Security-Policy.
 * Throws TargetingCompileError for unknown operators or unresolved `$ref`s. `atRoot` is false for a
 * shared rule referenced inside an iteration body, where `var` reads the current element.
 */
export function compileTargeting(
  logic: JsonValue,
  options: CompileOptions,
  path = '',
  atRoot = true,
): Evaluate {
  return compileNode(logic, rootScope(options, atRoot), path);
}

/**
 * A flag's targeting as the flag runs it: a branch table when it is an `if` whose branches are literals
 * (the flag then maps each branch to its resolution once, and runs no closure for the usual tests),
 * else the compiled closure. Throws as compileTargeting does.
 */
export function compileFlagRule(
  logic: JsonValue,
  options: CompileOptions,
): { table: BranchTable; evaluate?: undefined } | { table?: undefined; evaluate: Evaluate } {
  const scope = rootScope(options, true);
  if (isPlainObject(logic) && !options.report) {
    const keys = Object.keys(logic);
    if (keys.length === 1 && keys[0] === 'if' && Array.isArray(logic.if)) {
      const table = compileBranchTable(logic.if, scope, scope.at('', 'if'));
      if (table) return { table };
    }
  }
  return { evaluate: compileNode(logic, scope, '') };
}
