/** start, start·factor, … in basis points, capped at max; each step at least one basis point above the last. */
export function exponentialWeights(start: number, factor: number, max: number): number[] {
  const weights = [start];
  let weight = start;
  while (weight < max) {
    weight = Math.min(max, Math.max(weight + 1, Math.round(weight * factor)));
    weights.push(weight);
  }
  return weights;
}
