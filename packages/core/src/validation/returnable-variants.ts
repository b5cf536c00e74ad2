import { pointer } from '../json-pointer.js';

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
  /** Where the rule returns it: the literal itself, or the `$ref` it comes through. */
  readonly path: string;
  readonly variant: string;
  /** When it comes through a `$ref`: where the literal is, inside `$evaluators`. */
  readonly source?: string;
}

function single(node: unknown): [string, unknown] | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? [keys[0]!, (node as Record<string, unknown>)[keys[0]!]] : undefined;
}

/**
 * The variant keys a targeting rule can return that are known without a context: literal branches of
 * `if`, literal bucket names of `fractional`, and "true"/"false" for boolean operators, also through
 * `$ref`s. Results computed from the context (`var` …) cannot be checked before evaluation and are
 * skipped. What a shared rule can return is worked out once per rule and reused by every reference, so
 * checking stays linear however the rules refer to each other. Callers only pass rules that are within
 * the expansion limits and free of cycles (the recursion follows references).
 */
export class ReturnableVariants {
  private readonly byEvaluator = new Map<string, readonly ReturnedLiteral[]>();

  constructor(private readonly evaluators: Readonly<Record<string, unknown>>) {}

  of(node: unknown, path: string): ReturnedLiteral[] {
    if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean')
      return [{ path, variant: String(node) }];
    const op = single(node);
    if (!op) return [];
    const [name, raw] = op;
    if (name === '$ref' && typeof raw === 'string' && Object.hasOwn(this.evaluators, raw))
      return this.evaluator(raw).map(({ variant, path: at, source }) => ({
        path,
        variant,
        source: source ?? at,
      }));
    const args = Array.isArray(raw) ? raw : [raw];
    const opPath = pointer(path, name);
    if (name === 'if') {
      const out: ReturnedLiteral[] = [];
      for (let i = 1; i < args.length; i += 2) out.push(...this.of(args[i], pointer(opPath, i)));
      if (args.length % 2 === 1)
        out.push(...this.of(args[args.length - 1], pointer(opPath, args.length - 1)));
      return out;
    }
    if (name === 'fractional') {
      const out: ReturnedLiteral[] = [];
      args.forEach((bucket, i) => {
        if (Array.isArray(bucket) && bucket.length > 0)
          out.push(...this.of(bucket[0], pointer(pointer(opPath, i), 0)));
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

  private evaluator(name: string): readonly ReturnedLiteral[] {
    let literals = this.byEvaluator.get(name);
    if (literals === undefined) {
      const seen = new Set<string>();
      literals = this.of(this.evaluators[name], pointer('/$evaluators', name)).filter((literal) => {
        const id = `${literal.source ?? literal.path}\u0000${literal.variant}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      this.byEvaluator.set(name, literals);
    }
    return literals;
  }
}
