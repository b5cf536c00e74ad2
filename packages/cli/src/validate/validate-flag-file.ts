import { FlagSet } from '@switchyard/core';
import { type FileProblem, readFlagFile } from '@switchyard/flag-files';

/** The outcome of validating one file: no problems means valid. */
export interface FileReport {
  readonly file: string;
  readonly problems: readonly FileProblem[];
}

/**
 * Reads one flag file and validates it strictly: every schema and structural problem, not only those
 * flagd rejects, plus keys repeated within a JSON object (YAML parsing already rejects those).
 */
export async function validateFlagFile(file: string, cwd: string): Promise<FileReport> {
  const read = await readFlagFile(file, cwd);
  // A file whose outer shape is wrong still parsed: strict validation reports the shape with the rest.
  const parsed = read.ok ? read : read.parsed;
  if (!parsed) return { file, problems: read.ok ? [] : read.problems };
  const issues = FlagSet.validate(parsed.value).map(
    (issue): FileProblem => ({ file, kind: 'flag-set', path: issue.path, message: issue.message }),
  );
  return { file, problems: [...parsed.duplicateKeys, ...issues] };
}
