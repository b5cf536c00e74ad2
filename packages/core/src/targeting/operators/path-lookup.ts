import type { EvaluationContext } from '../../types.js';
import { currentFlagKey, type FlagKeySource } from '../compiler-types.js';

type Getter = (data: unknown, ctx: EvaluationContext) => unknown;

/**
 * Every name a JSON value (object, array, string, number, boolean) or a Date inherits from its built-in
 * prototype. Only these names can reach an inherited property of such a value, so only they pay for an
 * own-property check; every other name is read directly, the hot path of `var`.
 */
const INHERITED_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  ...[Object, Array, String, Number, Boolean, Function, Date, BigInt, Symbol].flatMap((type) =>
    Object.getOwnPropertyNames(type.prototype),
  ),
]);

export function inherited(key: string): boolean {
  return INHERITED_NAMES.has(key);
}

function readOwn(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  return Object.hasOwn(value as object, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function readFast(value: unknown, key: string): unknown {
  return value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
}

/**
 * Reads a dotted path the way JSON Logic's `var` does, own properties only (a context attribute named
 * `constructor` is absent unless the context has one); `undefined` means not found.
 */
export function readPath(value: unknown, parts: readonly string[]): unknown {
  for (const part of parts) {
    value = inherited(part) ? readOwn(value, part) : readFast(value, part);
    if (value === undefined) return undefined;
  }
  return value;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The `$flagd` object flagd injects into the context: the flag key and the time in Unix seconds. */
export function flagdProperties(flagKey: string): { flagKey: string; timestamp: number } {
  return { flagKey, timestamp: nowSeconds() };
}

/** The context as targeting sees it at the root: the caller's attributes plus `$flagd`, which wins. */
export function rootView(ctx: EvaluationContext, flagKey: string): Record<string, unknown> {
  return { ...ctx, $flagd: flagdProperties(flagKey) };
}

function compileRelative(parts: readonly string[]): Getter {
  if (parts.length === 1 && !inherited(parts[0]!)) {
    const key = parts[0]!;
    return (data) => readFast(data, key);
  }
  if (parts.length === 2 && !inherited(parts[0]!) && !inherited(parts[1]!)) {
    const [a, b] = parts as [string, string];
    return (data) => readFast(readFast(data, a), b);
  }
  return (data) => readPath(data, parts);
}

/**
 * Compiles a `var` path into a getter. At the root, `$flagd.*` is served from the flag being
 * evaluated instead of copying the context into a new object on every evaluation.
 */
export function compilePath(path: string, atRoot: boolean, flagKey: FlagKeySource): Getter {
  if (path === '') return atRoot ? (_data, ctx) => rootView(ctx, currentFlagKey(flagKey)) : (data) => data;
  const parts = path.split('.');
  if (!atRoot || parts[0] !== '$flagd') return compileRelative(parts);
  if (parts.length === 1) return () => flagdProperties(currentFlagKey(flagKey));
  if (parts.length === 2 && parts[1] === 'flagKey')
    return typeof flagKey === 'string' ? () => flagKey : () => flagKey.key;
  if (parts.length === 2 && parts[1] === 'timestamp') return nowSeconds;
  const rest = parts.slice(1);
  return () => readPath(flagdProperties(currentFlagKey(flagKey)), rest);
}

/** Path lookup for paths only known at evaluation time (`{"var": {"cat": …}}`, `missing`). */
export function lookupDynamic(
  path: unknown,
  data: unknown,
  ctx: EvaluationContext,
  atRoot: boolean,
  flagKey: FlagKeySource,
): unknown {
  const text = path === null || path === undefined ? '' : String(path);
  return compilePath(text, atRoot, flagKey)(data, ctx);
}
