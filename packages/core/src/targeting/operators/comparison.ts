import type { Evaluate, OperatorCompiler } from '../compiler-types.js';
import { constantOf } from '../constant.js';
import { checkArity, compileArgs } from './compile-args.js';
import { plainAttribute } from './plain-attribute.js';

type Compare = (a: unknown, b: unknown) => boolean;
type Specialize = (left: Evaluate, k: unknown) => Evaluate;

// JSON Logic comparisons are JavaScript's, coercion included (`"5" == 5`). Each operator has its own
// closure for the common `{op: [expression, literal]}` shape, so the comparison inlines instead of
// going through a shared, megamorphic call.
/* biome-ignore-start lint/suspicious/noDoubleEquals: JSON Logic's == and != are loose by definition */
const looseEqual: Compare = (a, b) => a == b;
const looseNotEqual: Compare = (a, b) => a != b;
const withLiteral: Record<string, Specialize> = {
  '==': (left, k) => (data, ctx) => left(data, ctx) == k,
  '!=': (left, k) => (data, ctx) => left(data, ctx) != k,
  '===': (left, k) => (data, ctx) => left(data, ctx) === k,
  '!==': (left, k) => (data, ctx) => left(data, ctx) !== k,
  '>': (left, k) => (data, ctx) => (left(data, ctx) as number) > (k as number),
  '>=': (left, k) => (data, ctx) => (left(data, ctx) as number) >= (k as number),
  '<': (left, k) => (data, ctx) => (left(data, ctx) as number) < (k as number),
  '<=': (left, k) => (data, ctx) => (left(data, ctx) as number) <= (k as number),
};
// `{op: [{"var": name}, literal]}` reading the attribute directly. Loose equality treats an absent
// attribute (undefined) exactly as `var`'s null; strict equality does too when the literal is not null.
const attributeWithLiteral: Record<string, (name: string, k: unknown) => Evaluate> = {
  '==': (name, k) => (data) =>
    (data === null || data === undefined ? null : (data as Record<string, unknown>)[name]) == k,
  '!=': (name, k) => (data) =>
    (data === null || data === undefined ? null : (data as Record<string, unknown>)[name]) != k,
  '===': (name, k) => (data) =>
    (data === null || data === undefined ? undefined : (data as Record<string, unknown>)[name]) === k,
  '!==': (name, k) => (data) =>
    (data === null || data === undefined ? undefined : (data as Record<string, unknown>)[name]) !== k,
};
/* biome-ignore-end lint/suspicious/noDoubleEquals: JSON Logic's == and != are loose by definition */
const strictEqual: Compare = (a, b) => a === b;
const strictNotEqual: Compare = (a, b) => a !== b;
const greater: Compare = (a, b) => (a as number) > (b as number);
const greaterOrEqual: Compare = (a, b) => (a as number) >= (b as number);
const less: Compare = (a, b) => (a as number) < (b as number);
const lessOrEqual: Compare = (a, b) => (a as number) <= (b as number);

const missing: Evaluate = () => undefined;

// Closures are made in small functions of their own so each captures only what it uses.
function between(compare: Compare, a: Evaluate, b: Evaluate, c: Evaluate): Evaluate {
  return (data, ctx) => {
    const middle = b(data, ctx);
    return compare(a(data, ctx), middle) && compare(middle, c(data, ctx));
  };
}

function dynamic(compare: Compare, a: Evaluate, b: Evaluate): Evaluate {
  return (data, ctx) => compare(a(data, ctx), b(data, ctx));
}

function binary(name: string, compare: Compare): OperatorCompiler {
  return (args, scope, path) => {
    checkArity(name, args, scope, path, 2, name === '<' || name === '<=' ? 3 : 2);
    const [a = missing, b = missing, c] = compileArgs(args, scope, path);
    // `<` and `<=` with three arguments: "between", a < b < c.
    if (c) return between(compare, a, b, c);
    const folded = constantOf(args[1]);
    if (!folded) return dynamic(compare, a, b);
    const attribute = plainAttribute(args[0], scope);
    const fused = attributeWithLiteral[name];
    if (attribute !== undefined && fused && folded.value !== null && folded.value !== undefined)
      return fused(attribute, folded.value);
    return withLiteral[name]!(a, folded.value);
  };
}

export const comparisonOperators: Record<string, OperatorCompiler> = {
  '==': binary('==', looseEqual),
  '===': binary('===', strictEqual),
  '!=': binary('!=', looseNotEqual),
  '!==': binary('!==', strictNotEqual),
  '>': binary('>', greater),
  '>=': binary('>=', greaterOrEqual),
  '<': binary('<', less),
  '<=': binary('<=', lessOrEqual),
};
