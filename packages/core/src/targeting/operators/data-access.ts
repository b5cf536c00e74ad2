import { pointer } from '../../json-pointer.js';
import type { CompileScope, Evaluate, OperatorCompiler } from '../compiler-types.js';
import { constantOf } from '../constant.js';
import { compilePath, lookupDynamic } from './path-lookup.js';

const FLAGD_PATH = /^\$flagd\./;
const FLAGD_KNOWN = /^\$flagd\.(timestamp|flagKey)$/;

function checkPathLiteral(path: unknown, scope: CompileScope, at: string): void {
  if (!scope.report) return;
  if (typeof path !== 'string') {
    scope.report(at, '"var" takes a string path');
  } else if (FLAGD_PATH.test(path) && !FLAGD_KNOWN.test(path)) {
    scope.report(at, `unknown flagd property "${path}": only $flagd.flagKey and $flagd.timestamp exist`);
  }
}

export const compileVar: OperatorCompiler = (args, scope, path) => {
  const pathFn = scope.compile(args[0] ?? null, pointer(path, 0));
  const fallback = args.length > 1 ? scope.compile(args[1]!, pointer(path, 1)) : undefined;
  const literal = constantOf(pathFn);
  if (literal) checkPathLiteral(literal.value, scope, pointer(path, 0));
  else scope.report?.(pointer(path, 0), '"var" takes a literal path in flagd targeting');
  const { atRoot, flagKey } = scope;
  const get: Evaluate = literal
    ? compilePath(literal.value === null ? '' : String(literal.value), atRoot, flagKey)
    : (data, ctx) => lookupDynamic(pathFn(data, ctx), data, ctx, atRoot, flagKey);
  if (!fallback) {
    return (data, ctx) => {
      const value = get(data, ctx);
      return value === undefined ? null : value;
    };
  }
  return (data, ctx) => {
    const value = get(data, ctx);
    return value === undefined ? fallback(data, ctx) : value;
  };
};

function missingKeys(
  keys: unknown[],
  data: unknown,
  ctx: Parameters<Evaluate>[1],
  scope: CompileScope,
): unknown[] {
  const missing: unknown[] = [];
  for (const key of keys) {
    const value = lookupDynamic(key, data, ctx, scope.atRoot, scope.flagKey);
    if (value === undefined || value === null || value === '') missing.push(key);
  }
  return missing;
}

export const compileMissing: OperatorCompiler = (args, scope, path) => {
  const fns = args.map((arg, i) => scope.compile(arg, pointer(path, i)));
  return (data, ctx) => {
    const values = fns.map((fn) => fn(data, ctx));
    // `{"missing": {"merge": …}}` passes one array of keys; otherwise each argument is a key.
    const keys = Array.isArray(values[0]) ? values[0] : values;
    return missingKeys(keys, data, ctx, scope);
  };
};

export const compileMissingSome: OperatorCompiler = (args, scope, path) => {
  if (args.length !== 2) scope.report?.(path, '"missing_some" takes [minimum, [keys…]]');
  const need = scope.compile(args[0] ?? null, pointer(path, 0));
  const keysFn = scope.compile(args[1] ?? [], pointer(path, 1));
  return (data, ctx) => {
    const keys = keysFn(data, ctx);
    if (!Array.isArray(keys)) return [];
    const missing = missingKeys(keys, data, ctx, scope);
    return keys.length - missing.length >= Number(need(data, ctx)) ? [] : missing;
  };
};
