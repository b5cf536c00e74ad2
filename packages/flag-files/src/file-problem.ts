/**
 * Where a problem was found:
 * - `read`: the file cannot be read;
 * - `syntax`: its JSON or YAML does not parse;
 * - `duplicate-key`: a key repeated in one JSON object (the later silently wins);
 * - `shape`: the outer shape is not a flag set (not an object, `flags` missing or of the wrong type, a flag
 *   of the array form without a key or with a repeated key);
 * - `flag-set`: validating the flag set it holds;
 * - `unknown-field`: a property the flagd format does not define (often a misspelling);
 * - `combination`: combining it with the other files (e.g. a `$ref` resolved in another file);
 * - `project`: a project file (flags as code) that breaks the format.
 */
export type FileProblemKind =
  | 'read'
  | 'syntax'
  | 'duplicate-key'
  | 'shape'
  | 'flag-set'
  | 'unknown-field'
  | 'combination'
  | 'project';

/** Warnings are printed but do not make a file invalid; absent means error. */
export type FileProblemSeverity = 'error' | 'warning';

/** One problem with one input file, printable as a single line. */
export interface FileProblem {
  /** The file as the user named it (not resolved), so messages match what they typed. */
  readonly file: string;
  readonly kind: FileProblemKind;
  readonly severity?: FileProblemSeverity;
  readonly message: string;
  /** JSON Pointer into the document, for problems found in the parsed document. */
  readonly path?: string;
  /** 1-based, for syntax and duplicate-key problems. */
  readonly line?: number;
  readonly column?: number;
}

/**
 * `FILE: PATH: MESSAGE`, `FILE:LINE:COLUMN: MESSAGE` (the form editors link to) or `FILE: MESSAGE`;
 * a warning's message starts with `warning: `.
 */
export function formatFileProblem(problem: FileProblem): string {
  const message = problem.severity === 'warning' ? `warning: ${problem.message}` : problem.message;
  if (problem.path !== undefined) return `${problem.file}: ${problem.path || '/'}: ${message}`;
  if (problem.line !== undefined) {
    return `${problem.file}:${problem.line}:${problem.column ?? 1}: ${message}`;
  }
  return `${problem.file}: ${message}`;
}
