import type { CompileScope, Evaluate, OperatorCompiler } from '../compiler-types.js';
import { constantOf } from '../constant.js';
import { StringList } from '../string-list.js';
import { truthy } from '../truthy.js';
import { checkArity, compileArgs } from './compile-args.js';
import { plainAttribute, readAttribute } from './plain-attribute.js';

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

type Primitive = string | number | boolean | undefined;

/** A literal `in` list's members, each once, without NaN and undefined (which `in` never finds). */
export function distinctMembers(list: readonly unknown[]): unknown[] {
  return [...new Set(list.filter((m) => m !== undefined && !Number.isNaN(m)))];
}

/**
 * `{"in": [{"var": name}, [literals…]]}` without null in the list, reading the attribute directly: an
 * absent attribute (undefined, null for `var`) then matches nothing, as null would. Up to four members
 * are compared one by one (quicker than hashing the needle); a longer list of strings is a StringList,
 * any other a Set. NaN and undefined
 * members are dropped: `var` never yields undefined, and `in` finds no NaN (indexOf semantics).
 */
function attributeIn(name: string, list: Primitive[]): Evaluate {
  const members = distinctMembers(list);
  const [a, b, c, d] = members;
  switch (members.length) {
    case 0:
      return () => false;
    case 1:
      return (data) => readAttribute(data, name) === a;
    case 2:
      return (data) => {
        const v = readAttribute(data, name);
        return v === a || v === b;
      };
    case 3:
      return (data) => {
        const v = readAttribute(data, name);
        return v === a || v === b || v === c;
      };
    case 4:
      return (data) => {
        const v = readAttribute(data, name);
        return v === a || v === b || v === c || v === d;
      };
  }
  // A list of strings is tested in the list as written (no copy); see string-list.ts.
  const strings = StringList.of(list);
  if (strings !== undefined) return (data) => strings.has(readAttribute(data, name));
  const set = new Set<unknown>(members);
  return (data) => set.has(readAttribute(data, name));
}

/**
 * `in`: membership in an array or substring of a string. A literal list of scalars becomes a lookup:
 * `Set.has` and `indexOf` agree for every JSON scalar (NaN cannot come from JSON, and is excluded).
 */
export const compileIn: OperatorCompiler = (args, scope, path) => {
  checkArity('in', args, scope, path, 2);
  const [needleFn, haystackFn] = compileArgs(args, scope, path);
  if (!needleFn || !haystackFn) return () => false;
  const folded = constantOf(args[1]);
  if (folded && Array.isArray(folded.value) && folded.value.every(isPrimitive)) {
    const attribute = plainAttribute(args[0], scope);
    if (attribute !== undefined && !folded.value.includes(null))
      return attributeIn(attribute, folded.value as Primitive[]);
    const members = new Set(folded.value);
    return (data, ctx) => {
      const needle = needleFn(data, ctx);
      return !Number.isNaN(needle) && members.has(needle);
    };
  }
  return (data, ctx) => {
    const haystack = haystackFn(data, ctx);
    if (typeof haystack === 'string') return haystack.indexOf(needleFn(data, ctx) as string) !== -1;
    if (Array.isArray(haystack)) return haystack.indexOf(needleFn(data, ctx)) !== -1;
    return false;
  };
};

export const compileMerge: OperatorCompiler = (args, scope, path) => {
  const fns = compileArgs(args, scope, path);
  return (data, ctx) => {
    const merged: unknown[] = [];
    for (const fn of fns) {
      const value = fn(data, ctx);
      // No spread: an array from the context can hold more items than a call takes arguments.
      if (Array.isArray(value)) for (const item of value) merged.push(item);
      else merged.push(value);
    }
    return merged;
  };
};

/** Iteration operators: the second argument runs with each element as its data (not the context). */
function iteration(
  name: string,
  args: Parameters<OperatorCompiler>[0],
  scope: CompileScope,
  path: string,
): [Evaluate, Evaluate] {
  checkArity(name, args, scope, path, 2);
  const source = scope.compile(args[0] ?? null, scope.at(path, 0));
  const body = scope.compile(args[1] ?? null, scope.at(path, 1), false);
  return [source, body];
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export const iterationOperators: Record<string, OperatorCompiler> = {
  map: (args, scope, path) => {
    const [source, body] = iteration('map', args, scope, path);
    return (data, ctx) => asArray(source(data, ctx))?.map((item) => body(item, ctx)) ?? [];
  },
  filter: (args, scope, path) => {
    const [source, body] = iteration('filter', args, scope, path);
    return (data, ctx) => asArray(source(data, ctx))?.filter((item) => truthy(body(item, ctx))) ?? [];
  },
  all: (args, scope, path) => {
    const [source, body] = iteration('all', args, scope, path);
    return (data, ctx) => {
      const items = asArray(source(data, ctx));
      if (!items || items.length === 0) return false;
      return items.every((item) => truthy(body(item, ctx)));
    };
  },
  some: (args, scope, path) => {
    const [source, body] = iteration('some', args, scope, path);
    return (data, ctx) => asArray(source(data, ctx))?.some((item) => truthy(body(item, ctx))) ?? false;
  },
  none: (args, scope, path) => {
    const [source, body] = iteration('none', args, scope, path);
    return (data, ctx) => !(asArray(source(data, ctx))?.some((item) => truthy(body(item, ctx))) ?? false);
  },
  reduce: (args, scope, path) => {
    checkArity('reduce', args, scope, path, 3);
    const source = scope.compile(args[0] ?? null, scope.at(path, 0));
    const body = scope.compile(args[1] ?? null, scope.at(path, 1), false);
    const initial = scope.compile(args[2] ?? null, scope.at(path, 2));
    return (data, ctx) => {
      const items = asArray(source(data, ctx));
      let accumulator = initial(data, ctx);
      if (!items) return accumulator;
      for (const current of items) accumulator = body({ current, accumulator }, ctx);
      return accumulator;
    };
  },
};
