/** A parsed semantic version; numbers are kept as digit strings so any size compares exactly. */
export interface SemVer {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly prerelease: readonly string[];
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
}

/** Reads a numeric component at `i`: digits with no leading zero. Returns its end, or -1. */
function numberEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  if (j === i || (s.charCodeAt(i) === 48 && j - i > 1)) return -1;
  return j;
}

function parseIdentifiers(s: string, numericRule: boolean): string[] | undefined {
  const parts = s.split('.');
  for (const part of parts) {
    if (part.length === 0) return undefined;
    let numeric = true;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (!isIdentChar(c)) return undefined;
      if (!isDigit(c)) numeric = false;
    }
    if (numericRule && numeric && part.length > 1 && part.charCodeAt(0) === 48) return undefined;
  }
  return parts;
}

/**
 * Parses a version as flagd does (Go's golang.org/x/mod/semver after adding a `v`): an optional leading
 * `v`/`V`; `1` and `1.2` stand for `1.0.0` and `1.2.0`; pre-release and build only on full versions;
 * build metadata is dropped. Returns undefined when invalid.
 */
export function parseSemVer(input: string): SemVer | undefined {
  let s = input;
  if (s.charCodeAt(0) === 118 || s.charCodeAt(0) === 86) s = s.slice(1);
  const majorEnd = numberEnd(s, 0);
  if (majorEnd < 0) return undefined;
  const major = s.slice(0, majorEnd);
  if (majorEnd === s.length) return { major, minor: '0', patch: '0', prerelease: [] };
  if (s[majorEnd] !== '.') return undefined;
  const minorEnd = numberEnd(s, majorEnd + 1);
  if (minorEnd < 0) return undefined;
  const minor = s.slice(majorEnd + 1, minorEnd);
  if (minorEnd === s.length) return { major, minor, patch: '0', prerelease: [] };
  if (s[minorEnd] !== '.') return undefined;
  const patchEnd = numberEnd(s, minorEnd + 1);
  if (patchEnd < 0) return undefined;
  const patch = s.slice(minorEnd + 1, patchEnd);
  let rest = s.slice(patchEnd);
  let prerelease: string[] = [];
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    if (!parseIdentifiers(rest.slice(plus + 1), false)) return undefined;
    rest = rest.slice(0, plus);
  }
  if (rest.length > 0) {
    if (rest[0] !== '-') return undefined;
    const ids = parseIdentifiers(rest.slice(1), true);
    if (!ids) return undefined;
    prerelease = ids;
  }
  return { major, minor, patch, prerelease };
}

function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNumeric(id: string): boolean {
  for (let i = 0; i < id.length; i++) if (!isDigit(id.charCodeAt(i))) return false;
  return true;
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const xn = isNumeric(x);
    const yn = isNumeric(y);
    if (xn && yn) return compareNumeric(x, y);
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Semantic-version precedence: -1, 0 or 1. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  return (
    compareNumeric(a.major, b.major) ||
    compareNumeric(a.minor, b.minor) ||
    compareNumeric(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}
