/** The candidates closest to a mistyped name (edit distance ≤ 2, case ignored, or a shared prefix), best first. */
export function suggest(input: string, candidates: readonly string[], limit = 3): string[] {
  const lower = input.toLowerCase();
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
    .filter(
      ({ candidate, distance }) =>
        distance <= 2 || (input.length >= 3 && candidate.toLowerCase().startsWith(lower)),
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

/**
 * Edit distance counting insertions, deletions, substitutions and transpositions of adjacent
 * characters, with edits allowed between transposed characters (Lowrance–Wagner; unlike the
 * restricted "optimal string alignment" variant, "ca" → "abc" is 2).
 */
export function editDistance(a: string, b: string): number {
  const infinity = a.length + b.length;
  // Rows and columns are shifted by one to hold the sentinel row/column of `infinity`.
  const d: number[][] = Array.from({ length: a.length + 2 }, () => new Array<number>(b.length + 2).fill(0));
  d[0]![0] = infinity;
  for (let i = 0; i <= a.length; i++) {
    d[i + 1]![0] = infinity;
    d[i + 1]![1] = i;
  }
  for (let j = 0; j <= b.length; j++) {
    d[0]![j + 1] = infinity;
    d[1]![j + 1] = j;
  }
  const lastRowOf = new Map<string, number>();
  for (let i = 1; i <= a.length; i++) {
    let lastMatchingColumn = 0;
    for (let j = 1; j <= b.length; j++) {
      const previousRow = lastRowOf.get(b[j - 1]!) ?? 0;
      const previousColumn = lastMatchingColumn;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      if (cost === 0) lastMatchingColumn = j;
      d[i + 1]![j + 1] = Math.min(
        d[i]![j]! + cost,
        d[i + 1]![j]! + 1,
        d[i]![j + 1]! + 1,
        d[previousRow]![previousColumn]! + (i - previousRow - 1) + 1 + (j - previousColumn - 1),
      );
    }
    lastRowOf.set(a[i - 1]!, i);
  }
  return d[a.length + 1]![b.length + 1]!;
}
