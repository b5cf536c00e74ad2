import type { JsonValue } from '../../types.js';
import type { CompileScope, Evaluate, FlagKeySource, OperatorCompiler } from '../compiler-types.js';
import { compilePath, lookupDynamic } from './path-lookup.js';
import { attributeValue, plainPath } from './plain-attribute.js';

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

/** `var` yields null when the path is absent, or its default expression when one is given. */
function withDefault(get: Evaluate, fallback: Evaluate | undefined): Evaluate {
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
}

function dynamicGetter(pathFn: Evaluate, atRoot: boolean, flagKey: FlagKeySource): Evaluate {
  return (data, ctx) => lookupDynamic(pathFn(data, ctx), data, ctx, atRoot, flagKey);
}

function isLiteralPath(value: JsonValue): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

export const compileVar: OperatorCompiler = (args, scope, path) => {
  const pathArg = args[0] ?? null;
  const fallback = args.length > 1 ? scope.compile(args[1]!, scope.at(path, 1)) : undefined;
  if (isLiteralPath(pathArg)) {
    // The norm: a literal path, compiled straight into a getter.
    checkPathLiteral(pathArg, scope, scope.at(path, 0));
    const plain = fallback ? undefined : plainPath(pathArg, scope.atRoot);
    if (plain !== undefined) return attributeValue(plain);
    const get = compilePath(pathArg === null ? '' : String(pathArg), scope.atRoot, scope.flagKey);
    return withDefault(get, fallback);
  }
  scope.report?.(scope.at(path, 0), '"var" takes a literal path in flagd targeting');
  const pathFn = scope.compile(pathArg, scope.at(path, 0));
  return withDefault(dynamicGetter(pathFn, scope.atRoot, scope.flagKey), fallback);
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
  const fns = args.map((arg, i) => scope.compile(arg, scope.at(path, i)));
  return (data, ctx) => {
    const values = fns.map((fn) => fn(data, ctx));
    // `{"missing": {"merge": …}}` passes one array of keys; otherwise each argument is a key.
    const keys = Array.isArray(values[0]) ? values[0] : values;
    return missingKeys(keys, data, ctx, scope);
  };
};

export const compileMissingSome: OperatorCompiler = (args, scope, path) => {
  if (args.length !== 2) scope.report?.(path, '"missing_some" takes [minimum, [keys…]]');
  const need = scope.compile(args[0] ?? null, scope.at(path, 0));
  const keysFn = scope.compile(args[1] ?? [], scope.at(path, 1));
  return (data, ctx) => {
    const keys = keysFn(data, ctx);
    if (!Array.isArray(keys)) return [];
    const missing = missingKeys(keys, data, ctx, scope);
    return keys.length - missing.length >= Number(need(data, ctx)) ? [] : missing;
  };
};
