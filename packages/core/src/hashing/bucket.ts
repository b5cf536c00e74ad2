/**
 * flagd's v2 bucket: `(hash * totalWeight) >> 32` in 64-bit arithmetic, for an unsigned 32-bit hash and
 * a total weight below 2^31. The product can exceed 2^53, so it is split into 16-bit halves; each
 * partial product stays below 2^47 and is exact in a double, which avoids BigInt on the hot path.
 */
export function bucketOf(hash: number, totalWeight: number): number {
  const high = hash >>> 16;
  const low = hash & 0xffff;
  return Math.floor((high * totalWeight + Math.floor((low * totalWeight) / 65536)) / 65536);
}
