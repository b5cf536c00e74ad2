import { murmur3Utf8 } from '../../hashing/murmur3.js';

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
  /** Hash of the implicit key built from the flag key and the targeting key, or null when there is none. */
  implicitHash(flagKey: string, targetingKey: unknown): number | null;
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
  implicitHash(flagKey, targetingKey) {
    return typeof targetingKey === 'string' && targetingKey !== ''
      ? murmur3Utf8(flagKey + targetingKey)
      : null;
  },
  describeKey(explicit, flagKey, targetingKey) {
    return typeof explicit === 'string' ? explicit : `${flagKey}${String(targetingKey ?? '')}`;
  },
};
