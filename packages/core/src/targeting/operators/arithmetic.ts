import type { OperatorCompiler } from '../compiler-types.js';
import { checkArity, compileArgs } from './compile-args.js';

// Arithmetic follows JSON Logic: `+` and `*` parse their operands as floats, the rest use JS coercion.
const toFloat = (value: unknown): number => Number.parseFloat(value as string);

export const arithmeticOperators: Record<string, OperatorCompiler> = {
  '+': (args, scope, path) => {
    checkArity('+', args, scope, path, 1, Number.POSITIVE_INFINITY);
    const fns = compileArgs(args, scope, path);
    return (data, ctx) => {
      let sum = 0;
      for (const fn of fns) sum += toFloat(fn(data, ctx));
      return sum;
    };
  },
  '*': (args, scope, path) => {
    checkArity('*', args, scope, path, 2, Number.POSITIVE_INFINITY);
    const fns = compileArgs(args, scope, path);
    return (data, ctx) => {
      if (fns.length === 0) return null;
      let product = toFloat(fns[0]!(data, ctx));
      for (let i = 1; i < fns.length; i++) product *= toFloat(fns[i]!(data, ctx));
      return product;
    };
  },
  '-': (args, scope, path) => {
    checkArity('-', args, scope, path, 1, Number.POSITIVE_INFINITY);
    const [a, b] = compileArgs(args, scope, path);
    if (!a) return () => null;
    if (!b) return (data, ctx) => -(a(data, ctx) as number);
    return (data, ctx) => (a(data, ctx) as number) - (b(data, ctx) as number);
  },
  '/': (args, scope, path) => {
    checkArity('/', args, scope, path, 2);
    const [a, b] = compileArgs(args, scope, path);
    if (!a || !b) return () => null;
    return (data, ctx) => (a(data, ctx) as number) / (b(data, ctx) as number);
  },
  '%': (args, scope, path) => {
    checkArity('%', args, scope, path, 2);
    const [a, b] = compileArgs(args, scope, path);
    if (!a || !b) return () => null;
    return (data, ctx) => (a(data, ctx) as number) % (b(data, ctx) as number);
  },
  min: (args, scope, path) => {
    checkArity('min', args, scope, path, 1, Number.POSITIVE_INFINITY);
    const fns = compileArgs(args, scope, path);
    return (data, ctx) => Math.min(...fns.map((fn) => fn(data, ctx) as number));
  },
  max: (args, scope, path) => {
    checkArity('max', args, scope, path, 1, Number.POSITIVE_INFINITY);
    const fns = compileArgs(args, scope, path);
    return (data, ctx) => Math.max(...fns.map((fn) => fn(data, ctx) as number));
  },
};
