import { compareText } from './find-references.js';
import type { FileKey } from './scan-directory.js';

export interface Reference {
  readonly flag: string;
  /** Relative to the scanned directory, `/` separators. */
  readonly file: string;
  /** 1-based: where the key's string starts. */
  readonly line: number;
}

/** What `switchyard scan --format json` prints. */
export interface ScanReport {
  /** By flag, then file, then line. */
  readonly references: Reference[];
  /** Keys evaluated in code that the known flags do not have, sorted. */
  readonly unknownFlags: string[];
  /** Known flags no code refers to, sorted. */
  readonly unusedFlags: string[];
}

/** The report of keys found in code against the flags known (to the server, or a flag file). */
export function scanReport(found: readonly FileKey[], knownKeys: ReadonlySet<string>): ScanReport {
  const unique = new Map<string, Reference>();
  for (const { flag, file, line } of found)
    unique.set(`${flag}\u0000${file}\u0000${line}`, { flag, file, line });
  const references = [...unique.values()].sort(
    (a, b) => compareText(a.flag, b.flag) || compareText(a.file, b.file) || a.line - b.line,
  );
  const used = new Set(references.map((reference) => reference.flag));
  return {
    references,
    unknownFlags: [...used].filter((flag) => !knownKeys.has(flag)).sort(compareText),
    unusedFlags: [...knownKeys].filter((flag) => !used.has(flag)).sort(compareText),
  };
}
