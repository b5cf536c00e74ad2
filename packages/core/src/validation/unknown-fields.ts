import { isObject } from '../document/read-document.js';
import { pointer } from '../json-pointer.js';
import type { ValidationIssue } from '../types.js';

const TOP_LEVEL = ['flags', '$evaluators', 'metadata', '$schema'] as const;
const FLAG = ['state', 'variants', 'defaultVariant', 'targeting', 'metadata'] as const;
/** The daemon's array form carries each flag's key inside the flag. */
const ARRAY_FLAG = [...FLAG, 'key'] as const;

/** Names this far from a known one (or equal to it but for case) are taken for a misspelling of it. */
const NEAR_MISS_DISTANCE = 2;

/**
 * Every property of the top level and of each flag that the flagd format does not define, with a
 * suggestion when it looks like a misspelt known name. flagd's schema tolerates such properties and
 * every loader ignores them, so a `"targetting"` would otherwise silently leave a flag untargeted.
 * Only own properties are considered: `constructor` or `__proto__` in a document are unknown names,
 * never something inherited. Variants, metadata and `$evaluators` hold user-chosen names and are not
 * checked. A document that is not an object yields nothing (the other validations say why).
 */
export function unknownFieldIssues(document: unknown): ValidationIssue[] {
  if (!isObject(document)) return [];
  const issues = unknownProperties(document, '', TOP_LEVEL);
  const { flags } = document;
  if (Array.isArray(flags)) {
    flags.forEach((flag, index) => {
      if (isObject(flag)) issues.push(...unknownProperties(flag, pointer('/flags', index), ARRAY_FLAG));
    });
  } else if (isObject(flags)) {
    for (const key of Object.keys(flags)) {
      const flag = flags[key];
      if (isObject(flag)) issues.push(...unknownProperties(flag, pointer('/flags', key), FLAG));
    }
  }
  return issues;
}

function unknownProperties(
  object: Record<string, unknown>,
  path: string,
  known: readonly string[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const name of Object.keys(object)) {
    if (known.includes(name)) continue;
    const suggestion = nearMiss(name, known);
    issues.push({
      path: pointer(path, name),
      message: `unknown property ${JSON.stringify(name)}${suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`}`,
    });
  }
  return issues;
}

/** The closest known name within the near-miss distance (case ignored), the earlier one on a tie. */
function nearMiss(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = NEAR_MISS_DISTANCE + 1;
  for (const candidate of known) {
    const distance = damerauLevenshtein(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Edit distance counting insertions, deletions, substitutions and transpositions of adjacent
 * characters, with edits allowed between transposed characters (Lowrance–Wagner; unlike the
 * restricted "optimal string alignment" variant, "ca" → "abc" is 2).
 */
export function damerauLevenshtein(a: string, b: string): number {
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
