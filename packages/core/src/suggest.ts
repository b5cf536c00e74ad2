/** The candidates closest to a mistyped name (edit distance ≤ 2, or a shared prefix), best first. */
export function suggest(input: string, candidates: readonly string[], limit = 3): string[] {
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(input.toLowerCase(), candidate.toLowerCase()) }))
    .filter(
      ({ candidate, distance }) =>
        distance <= 2 || (input.length >= 3 && candidate.toLowerCase().startsWith(input.toLowerCase())),
    );
  scored.sort((a, b) => a.distance - b.distance);
  return scored.slice(0, limit).map(({ candidate }) => candidate);
}

/** ` (did you mean 'x' or 'y'?)`, or empty when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const close = suggest(input, candidates);
  if (close.length === 0) return '';
  return ` (did you mean ${close.map((name) => `'${name}'`).join(' or ')}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
