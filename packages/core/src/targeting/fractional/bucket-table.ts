import { bucketOf } from '../../hashing/bucket.js';

const MAX_TOTAL_WEIGHT = 2147483647;

/** Buckets ready for lookup: variant names with cumulative weights. */
export interface BucketTable {
  readonly variants: readonly unknown[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

/** Why a bucket list was refused, with the index of the offending bucket when there is one. */
export interface BucketProblem {
  readonly index?: number;
  readonly message: string;
}

function isVariantName(value: unknown): boolean {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

/**
 * Parses evaluated bucket definitions `[variant]` or `[variant, weight]` as flagd does: the weight defaults
 * to 1, must be an integer, negative weights count as 0, and single weights and their sum must fit in an
 * int32. A zero total is a problem too: it selects nothing.
 */
export function parseBuckets(buckets: readonly unknown[]): BucketTable | BucketProblem {
  const variants: unknown[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < buckets.length; i++) {
    const bucket = buckets[i];
    if (!Array.isArray(bucket) || bucket.length === 0)
      return { index: i, message: 'each bucket must be [variant] or [variant, weight]' };
    if (!isVariantName(bucket[0]))
      return { index: i, message: 'a bucket variant must be a string, number, boolean or null' };
    let weight = bucket.length > 1 && bucket[1] !== null ? bucket[1] : 1;
    if (typeof weight !== 'number' || !Number.isInteger(weight))
      return { index: i, message: 'a bucket weight must be an integer' };
    if (weight > MAX_TOTAL_WEIGHT)
      return { index: i, message: `a bucket weight must not exceed ${MAX_TOTAL_WEIGHT}` };
    if (weight < 0) weight = 0;
    total += weight;
    if (total > MAX_TOTAL_WEIGHT)
      return { index: i, message: `the weights must not add up to more than ${MAX_TOTAL_WEIGHT}` };
    variants.push(bucket[0]);
    cumulative.push(total);
  }
  if (buckets.length === 0) return { message: 'fractional needs at least one bucket' };
  if (total === 0) return { message: 'the weights add up to 0, so no bucket can be selected' };
  return { variants, cumulative, total };
}

export function isBucketTable(value: BucketTable | BucketProblem): value is BucketTable {
  return 'cumulative' in value;
}

/** The bucket a hash falls in: the first whose cumulative weight exceeds `(hash * total) >> 32`. */
export function pickIndex(table: BucketTable, hash: number): number {
  const bucket = bucketOf(hash, table.total);
  const { cumulative } = table;
  let i = 0;
  while (cumulative[i]! <= bucket) i++;
  return i;
}
