import { pointer } from '../json-pointer.js';
import type { JsonValue } from '../types.js';

/** Operators whose result is a boolean, which flagd turns into the variant key "true" or "false". */
const BOOLEAN_OPERATORS = new Set([
  '==',
  '===',
  '!=',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  '!',
  '!!',
  'in',
  'all',
  'some',
  'none',
  'starts_with',
  'ends_with',
  'sem_ver',
]);

export interface ReturnedLiteral {
  readonly path: string;
  readonly variant: string;
}

function single(node: JsonValue): [string, JsonValue] | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? [keys[0]!, node[keys[0]!]!] : undefined;
}

/**
 * The variant keys a targeting rule can return that are known without a context: literal branches of
 * `if`, literal bucket names of `fractional`, and "true"/"false" for boolean operators. Results computed
 * from the context (`var` …) cannot be checked before evaluation and are skipped.
 */
export function returnableVariants(node: JsonValue, path = ''): ReturnedLiteral[] {
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean')
    return [{ path, variant: String(node) }];
  const op = single(node);
  if (!op) return [];
  const [name, raw] = op;
  const args = Array.isArray(raw) ? raw : [raw];
  const opPath = pointer(path, name);
  if (name === 'if') {
    const out: ReturnedLiteral[] = [];
    for (let i = 1; i < args.length; i += 2) out.push(...returnableVariants(args[i]!, pointer(opPath, i)));
    if (args.length % 2 === 1)
      out.push(...returnableVariants(args[args.length - 1]!, pointer(opPath, args.length - 1)));
    return out;
  }
  if (name === 'fractional') {
    const out: ReturnedLiteral[] = [];
    args.forEach((bucket, i) => {
      if (Array.isArray(bucket) && bucket.length > 0)
        out.push(...returnableVariants(bucket[0]!, pointer(pointer(opPath, i), 0)));
    });
    return out;
  }
  if (BOOLEAN_OPERATORS.has(name))
    return [
      { path, variant: 'true' },
      { path, variant: 'false' },
    ];
  return [];
}
