import type { Evaluate, OperatorCompiler } from '../compiler-types.js';
import { constantOf } from '../constant.js';
import { checkArity, compileArgs } from './compile-args.js';
import { plainAttribute, readAttribute } from './plain-attribute.js';

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

export const compileCat: OperatorCompiler = (args, scope, path) => {
  checkArity('cat', args, scope, path, 1, Number.POSITIVE_INFINITY);
  const fns = compileArgs(args, scope, path);
  if (fns.length === 2) {
    const [a, b] = fns as [NonNullable<(typeof fns)[0]>, NonNullable<(typeof fns)[0]>];
    return (data, ctx) => text(a(data, ctx)) + text(b(data, ctx));
  }
  return (data, ctx) => {
    let out = '';
    for (const fn of fns) out += text(fn(data, ctx));
    return out;
  };
};

/** `substr`: negative start counts from the end; a negative length drops that many characters at the end. */
export const compileSubstr: OperatorCompiler = (args, scope, path) => {
  checkArity('substr', args, scope, path, 2, 3);
  const [source, start, length] = compileArgs(args, scope, path);
  return (data, ctx) => {
    const s = text(source?.(data, ctx));
    let from = Number(start?.(data, ctx) ?? 0) || 0;
    if (from < 0) from = Math.max(0, s.length + from);
    const rest = s.slice(from);
    if (!length) return rest;
    const n = Number(length(data, ctx));
    return n < 0 ? rest.slice(0, Math.max(0, rest.length + n)) : rest.slice(0, n);
  };
};

type Affix = (value: string, part: string) => boolean;

/** `{"starts_with" | "ends_with": [{"var": name}, "literal"]}`, the attribute read directly. */
const attributeAffixes: Record<string, (name: string, part: string) => Evaluate> = {
  starts_with: (name, prefix) => (data) => {
    const value = readAttribute(data, name);
    return typeof value === 'string' ? value.startsWith(prefix) : null;
  },
  ends_with: (name, suffix) => (data) => {
    const value = readAttribute(data, name);
    return typeof value === 'string' ? value.endsWith(suffix) : null;
  },
};

/** flagd's `starts_with` / `ends_with`: exactly two strings, case-sensitive; anything else gives null. */
function affixOperator(name: 'starts_with' | 'ends_with', test: Affix): OperatorCompiler {
  const attributeAffix = attributeAffixes[name]!;
  return (args, scope, path) => {
    checkArity(name, args, scope, path, 2);
    const fns = compileArgs(args, scope, path);
    for (const [i, arg] of args.entries()) {
      const folded = constantOf(arg);
      if (folded && typeof folded.value !== 'string')
        scope.report?.(`${path}/${i}`, `"${name}" compares strings`);
    }
    if (fns.length !== 2) return () => null;
    const attribute = plainAttribute(args[0], scope);
    const part = constantOf(args[1])?.value;
    if (attribute !== undefined && typeof part === 'string') return attributeAffix(attribute, part);
    const [valueFn, partFn] = fns as [NonNullable<(typeof fns)[0]>, NonNullable<(typeof fns)[0]>];
    return (data, ctx) => {
      const value = valueFn(data, ctx);
      const part = partFn(data, ctx);
      return typeof value === 'string' && typeof part === 'string' ? test(value, part) : null;
    };
  };
}

export const stringOperators: Record<string, OperatorCompiler> = {
  cat: compileCat,
  substr: compileSubstr,
  starts_with: affixOperator('starts_with', (value, prefix) => value.startsWith(prefix)),
  ends_with: affixOperator('ends_with', (value, suffix) => value.endsWith(suffix)),
};
