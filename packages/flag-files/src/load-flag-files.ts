import { FlagSet, FlagSetValidationError } from '@switchyard/core';
import { type CombinedFlagSet, combineFlagDocuments } from './combine/combine-flag-documents.js';
import type { FileProblem } from './file-problem.js';
import { type FlagFile, readFlagFile } from './read-flag-file.js';

export type LoadFlagFilesResult =
  | { readonly ok: true; readonly files: readonly FlagFile[]; readonly combined: CombinedFlagSet }
  | { readonly ok: false; readonly problems: readonly FileProblem[] };

/**
 * Reads flag files and combines them (`combineFlagDocuments`), as `switchyard eval --flags` and
 * `switchyard serve --flags` load them. Each file is checked as flagd checks a source: schema problems
 * are tolerated (a flag whose targeting does not compile answers PARSE_ERROR), what flagd refuses a
 * whole source for (e.g. a `defaultVariant` that is not a variant) is a problem, even in a flag a
 * later file replaces. Every problem of every file is collected before giving up.
 */
export async function loadFlagFiles(
  files: readonly string[],
  cwd: string = process.cwd(),
): Promise<LoadFlagFilesResult> {
  const reads = await Promise.all(files.map((file) => readFlagFile(file, cwd)));
  const loaded: FlagFile[] = [];
  const problems: FileProblem[] = [];
  for (const read of reads) {
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    const refusals = flagdRefusals(read);
    if (refusals.length === 0) loaded.push(read);
    problems.push(...refusals);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, files: loaded, combined: combineFlagDocuments(loaded) };
}

/** What flagd rejects the file for, with paths into the file as written (array form included). */
function flagdRefusals(file: FlagFile): FileProblem[] {
  try {
    FlagSet.parse(file.value);
    return [];
  } catch (error) {
    if (!(error instanceof FlagSetValidationError)) throw error;
    return error.issues.map(
      (issue): FileProblem => ({
        file: file.file,
        kind: 'flag-set',
        path: issue.path,
        message: issue.message,
      }),
    );
  }
}
