import { FlagSet } from '@switchyard/core';
import type { FileProblem } from '../io/file-problem.js';
import { findDuplicateJsonKeys } from '../io/json-scanner.js';
import { readFlagFile } from '../io/read-flag-file.js';
import { positionAt } from '../io/text-position.js';

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
  if (!read.ok) return { file, problems: read.problems };
  const duplicates = read.format === 'json' ? duplicateKeyProblems(file, read.text) : [];
  const issues = FlagSet.validate(read.document).map(
    (issue): FileProblem => ({ file, kind: 'flag-set', path: issue.path, message: issue.message }),
  );
  return { file, problems: [...duplicates, ...issues] };
}

function duplicateKeyProblems(file: string, text: string): FileProblem[] {
  return findDuplicateJsonKeys(text).map(({ key, offset, firstOffset }): FileProblem => {
    const first = positionAt(text, firstOffset);
    return {
      file,
      kind: 'duplicate-key',
      message: `duplicate key ${JSON.stringify(key)} replaces the one at line ${first.line}, column ${first.column}`,
      ...positionAt(text, offset),
    };
  });
}
