/** start, start + step, … in basis points, capped at max. */
export function linearWeights(start: number, step: number, max: number): number[] {
  const weights = [start];
  let weight = start;
  while (weight < max) {
    weight = Math.min(max, weight + step);
    weights.push(weight);
  }
  return weights;
}
