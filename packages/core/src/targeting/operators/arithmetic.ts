import type { OperatorCompiler } from '../compiler-types.js';
import { checkArity, compileArgs } from './compile-args.js';

// Arithmetic follows JSON Logic: `+` and `*` parse their operands as floats, the rest use JS coercion.
const toFloat = (value: unknown): number => Number.parseFloat(value as string);

export const arithmeticOperators: Record<string, OperatorCompiler> = {
  '+': (args, scope, path) => {
    checkArity('+', args, scope, path, 1, Number.POSITIVE_INFINITY);
    const fns = compileArgs(args, scope, path);
    return (data, ctx, flag) => {
      let sum = 0;
      for (const fn of fns) sum += toFloat(fn(data, ctx, flag));
      return sum;
    };
  },
  '*': (args, scope, path) => {
    checkArity('*', args, scope, path, 2, Number.POSITIVE_INFINITY);
    const fns = compileArgs(args, scope, path);
    return (data, ctx, flag) => {
      if (fns.length === 0) return null;
      let product = toFloat(fns[0]!(data, ctx, flag));
      for (let i = 1; i < fns.length; i++) product *= toFloat(fns[i]!(data, ctx, flag));
      return product;
    };
  },
  '-': (args, scope, path) => {
    checkArity('-', args, scope, path, 1, Number.POSITIVE_INFINITY);
    const [a, b] = compileArgs(args, scope, path);
    if (!a) return () => null;
    if (!b) return (data, ctx, flag) => -(a(data, ctx, flag) as number);
    return (data, ctx, flag) => (a(data, ctx, flag) as number) - (b(data, ctx, flag) as number);
  },
  '/': (args, scope, path) => {
    checkArity('/', args, scope, path, 2);
    const [a, b] = compileArgs(args, scope, path);
    if (!a || !b) return () => null;
    return (data, ctx, flag) => (a(data, ctx, flag) as number) / (b(data, ctx, flag) as number);
  },
  '%': (args, scope, path) => {
    checkArity('%', args, scope, path, 2);
    const [a, b] = compileArgs(args, scope, path);
    if (!a || !b) return () => null;
    return (data, ctx, flag) => (a(data, ctx, flag) as number) % (b(data, ctx, flag) as number);
  },
  min: (args, scope, path) => {
    checkArity('min', args, scope, path, 1, Number.POSITIVE_INFINITY);
    const fns = compileArgs(args, scope, path);
    return (data, ctx, flag) => Math.min(...fns.map((fn) => fn(data, ctx, flag) as number));
  },
  max: (args, scope, path) => {
    checkArity('max', args, scope, path, 1, Number.POSITIVE_INFINITY);
    const fns = compileArgs(args, scope, path);
    return (data, ctx, flag) => Math.max(...fns.map((fn) => fn(data, ctx, flag) as number));
  },
};
