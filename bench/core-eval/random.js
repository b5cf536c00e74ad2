/**
 * Seeded pseudo-random numbers (mulberry32), so every run builds the same contexts and flags.
 * @param {number} seed
 * @returns {() => number} a function returning floats in [0, 1)
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An integer in [0, bound).
 * @param {() => number} random
 * @param {number} bound
 */
export function randomInt(random, bound) {
  return Math.floor(random() * bound);
}

/**
 * Picks from `[item, weight]` pairs in proportion to the weights.
 * @template T
 * @param {() => number} random
 * @param {ReadonlyArray<readonly [T, number]>} weighted
 * @returns {T}
 */
export function pickWeighted(random, weighted) {
  let total = 0;
  for (const [, weight] of weighted) total += weight;
  let roll = random() * total;
  for (const [item, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return weighted[weighted.length - 1][0];
}
