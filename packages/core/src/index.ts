export { FlagSetValidationError } from './errors.js';
export type { ExplainStep, Explanation } from './explain-types.js';
export { FlagSet, type ParseOptions } from './flag-set.js';
export { bucketOf } from './hashing/bucket.js';
export { murmur3Utf8 } from './hashing/murmur3.js';
export type { BucketingStrategy } from './targeting/fractional/bucketing-strategy.js';
export { bucketingV2 } from './targeting/fractional/bucketing-strategy.js';
export { bucketingV3 } from './targeting/fractional/bucketing-v3.js';
export type * from './types.js';
