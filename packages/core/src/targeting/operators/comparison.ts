import type { Evaluate, OperatorCompiler } from '../compiler-types.js';
import { constantOf } from '../constant.js';
import { checkArity, compileArgs } from './compile-args.js';

type Compare = (a: unknown, b: unknown) => boolean;

// JSON Logic comparisons are JavaScript's, coercion included (`"5" == 5`).
/* biome-ignore-start lint/suspicious/noDoubleEquals: JSON Logic's == and != are loose by definition */
const looseEqual: Compare = (a, b) => a == b;
const looseNotEqual: Compare = (a, b) => a != b;
/* biome-ignore-end lint/suspicious/noDoubleEquals: JSON Logic's == and != are loose by definition */
const strictEqual: Compare = (a, b) => a === b;
const strictNotEqual: Compare = (a, b) => a !== b;
const greater: Compare = (a, b) => (a as number) > (b as number);
const greaterOrEqual: Compare = (a, b) => (a as number) >= (b as number);

function binary(name: string, compare: Compare): OperatorCompiler {
  return (args, scope, path) => {
    checkArity(name, args, scope, path, 2);
    const [left, right] = compileArgs(args, scope, path) as [Evaluate?, Evaluate?];
    const a = left ?? (() => undefined);
    const b = right ?? (() => undefined);
    const folded = constantOf(b);
    if (folded) {
      // The common shape `{"==": [{"var": …}, literal]}`: skip a call per evaluation.
      const k = folded.value;
      return (data, ctx) => compare(a(data, ctx), k);
    }
    return (data, ctx) => compare(a(data, ctx), b(data, ctx));
  };
}

/** `<` and `<=` also take three arguments: `a < b < c` ("between"). */
function between(name: string, compare: Compare): OperatorCompiler {
  return (args, scope, path) => {
    checkArity(name, args, scope, path, 2, 3);
    const [a, b, c] = compileArgs(args, scope, path) as [Evaluate?, Evaluate?, Evaluate?];
    const first = a ?? (() => undefined);
    const second = b ?? (() => undefined);
    if (!c) return (data, ctx) => compare(first(data, ctx), second(data, ctx));
    return (data, ctx) => {
      const middle = second(data, ctx);
      return compare(first(data, ctx), middle) && compare(middle, c(data, ctx));
    };
  };
}

export const comparisonOperators: Record<string, OperatorCompiler> = {
  '==': binary('==', looseEqual),
  '===': binary('===', strictEqual),
  '!=': binary('!=', looseNotEqual),
  '!==': binary('!==', strictNotEqual),
  '>': binary('>', greater),
  '>=': binary('>=', greaterOrEqual),
  '<': between('<', (a, b) => (a as number) < (b as number)),
  '<=': between('<=', (a, b) => (a as number) <= (b as number)),
};
