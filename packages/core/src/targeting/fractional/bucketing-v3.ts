import { describeValue } from '../../describe-value.js';
import { murmur3Bytes } from '../../hashing/murmur3.js';
import type { BucketingStrategy } from './bucketing-strategy.js';
import { encodeDeterministicCbor } from './deterministic-cbor.js';

function hashOf(value: unknown): number | null {
  const bytes = encodeDeterministicCbor(value);
  return bytes === undefined ? null : murmur3Bytes(bytes);
}

/**
 * flagd's accepted "v3" bucketing (ADR "fractional-non-string-rand-units"): any JSON value may be the
 * bucketing key and is hashed as deterministic CBOR; the implicit key is the CBOR of the array
 * `[flagKey, targetingKey]`, not a concatenation. An array first argument is the shorthand form and a
 * null key gives no result. Bucket mapping is unchanged from v2.
 */
export const bucketingV3: BucketingStrategy = {
  version: 'v3',
  classifyFirst(value) {
    if (Array.isArray(value)) return 'implicit-bucket';
    if (value === null || value === undefined) return 'invalid';
    return 'key';
  },
  explicitHash: hashOf,
  implicitHasher(flagKey) {
    return (targetingKey) => (typeof targetingKey === 'string' ? hashOf([flagKey, targetingKey]) : null);
  },
  describeKey(explicit, flagKey, targetingKey) {
    const key = explicit !== undefined ? explicit : [flagKey, targetingKey];
    try {
      // The key hashed, so it encoded as CBOR: JSON text of it exists unless a getter changed its mind.
      return JSON.stringify(key) ?? describeValue(key);
    } catch {
      return describeValue(key);
    }
  },
};
