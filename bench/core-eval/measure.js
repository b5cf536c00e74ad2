/**
 * Timing helpers: monotonic clock, medians, and an explicit garbage collection between
 * measurements so one engine's garbage is not collected on the other's clock.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `gc()` without requiring `node --expose-gc`, so the bench stays a plain `node run.js`. */
export const collectGarbage = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  return () => gc();
})();

/**
 * Runs `work` once and returns its duration in nanoseconds and its result.
 * @template T
 * @param {() => T} work
 * @returns {{ ns: number, result: T }}
 */
export function timeOnce(work) {
  collectGarbage();
  const start = process.hrtime.bigint();
  const result = work();
  const ns = Number(process.hrtime.bigint() - start);
  return { ns, result };
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Relative spread (max - min) / median, a quick noise indicator for a set of samples.
 * @param {number[]} values
 */
export function spread(values) {
  return (Math.max(...values) - Math.min(...values)) / median(values);
}
