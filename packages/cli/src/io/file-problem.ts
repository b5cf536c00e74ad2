/**
 * Where a problem was found: reading the file, parsing its syntax, a key repeated in one JSON object
 * (the later silently wins), or validating the flag set it holds.
 */
export type FileProblemKind = 'read' | 'syntax' | 'duplicate-key' | 'flag-set';

/** One problem with one input file, printable as a single line. */
export interface FileProblem {
  /** The file as the user named it (not resolved), so messages match what they typed. */
  readonly file: string;
  readonly kind: FileProblemKind;
  readonly message: string;
  /** JSON Pointer into the document, for flag-set problems. */
  readonly path?: string;
  /** 1-based, for syntax and duplicate-key problems. */
  readonly line?: number;
  readonly column?: number;
}

/** `FILE: PATH: MESSAGE`, `FILE:LINE:COLUMN: MESSAGE` (the form editors link to) or `FILE: MESSAGE`. */
export function formatFileProblem(problem: FileProblem): string {
  if (problem.path !== undefined) return `${problem.file}: ${problem.path || '/'}: ${problem.message}`;
  if (problem.line !== undefined) {
    return `${problem.file}:${problem.line}:${problem.column ?? 1}: ${problem.message}`;
  }
  return `${problem.file}: ${problem.message}`;
}
