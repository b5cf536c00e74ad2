import { type Murmur3State, murmur3Prefix, murmur3Utf8, murmur3Utf8Continue } from '../../hashing/murmur3.js';

/** How the first evaluated `fractional` argument is read. */
export type FirstArgument = 'key' | 'implicit-drop' | 'implicit-bucket' | 'invalid';

/**
 * The version-specific part of `fractional`: which bytes are hashed. Bucket parsing and the mapping
 * from hash to bucket are shared, so flagd's planned v3 (CBOR-encoded keys) is a new strategy only.
 */
export interface BucketingStrategy {
  readonly version: string;
  classifyFirst(value: unknown): FirstArgument;
  /** Hash of an explicit bucketing key, or null when the value cannot be one. */
  explicitHash(value: unknown): number | null;
  /**
   * Returns the hasher of the implicit key for one flag (built once, at load time): the hash of the key
   * made from the flag key and a targeting key, or null when there is no usable targeting key.
   */
  implicitHasher(flagKey: string): (targetingKey: unknown) => number | null;
  /**
   * For strategies whose explicit key is hashed as plain text: the hasher of `prefix + rest` for a
   * constant prefix (the flag key in `cat($flagd.flagKey, …)`), the prefix hashed once. Optional.
   */
  prefixHasher?(prefix: string): (rest: string) => number;
  /** The key text that was hashed, for `explain`. */
  describeKey(explicit: unknown, flagKey: string, targetingKey: unknown): string;
}

/**
 * flagd's current ("v2") bucketing: MurmurHash3 over the UTF-8 bytes of a string key; the implicit key is
 * `flagKey + targetingKey` concatenated. A null first argument is dropped (the implicit key is used), and
 * a non-string targeting key gives no result, as in flagd's Go evaluator.
 */
export const bucketingV2: BucketingStrategy = {
  version: 'v2',
  classifyFirst(value) {
    if (typeof value === 'string') return 'key';
    if (value === null || value === undefined) return 'implicit-drop';
    return 'implicit-bucket';
  },
  explicitHash(value) {
    return typeof value === 'string' ? murmur3Utf8(value) : null;
  },
  implicitHasher(flagKey) {
    // The flag key is a constant prefix: hash it once, then continue with each targeting key.
    const prefix: Murmur3State = murmur3Prefix(flagKey);
    return (targetingKey) =>
      typeof targetingKey === 'string' && targetingKey !== ''
        ? murmur3Utf8Continue(prefix, targetingKey)
        : null;
  },
  prefixHasher(prefix) {
    const state: Murmur3State = murmur3Prefix(prefix);
    return (rest) => murmur3Utf8Continue(state, rest);
  },
  describeKey(explicit, flagKey, targetingKey) {
    return typeof explicit === 'string' ? explicit : `${flagKey}${String(targetingKey ?? '')}`;
  },
};
