import { FlagSet } from '@switchyard/core';
import { formatFileProblem, loadFlagFiles } from '@switchyard/flag-files';
import { CliInputError } from '../errors.js';
import { countOf } from '../plural.js';

/**
 * Loads flag files leniently (as flagd does) and combines them into the one flag set the server
 * serves for the same `serve --flags` files (`loadFlagFiles`), so `eval` answers as the server does.
 * Every problem in every file is collected before failing, so one run shows everything to fix.
 */
export async function loadFlags(files: readonly string[], cwd: string): Promise<FlagSet> {
  const loaded = await loadFlagFiles(files, cwd);
  if (!loaded.ok) {
    const failed = new Set(loaded.problems.map((problem) => problem.file)).size;
    throw new CliInputError(
      `cannot load flags: ${countOf(loaded.problems.length, 'problem')} in ${countOf(failed, 'file')}`,
      loaded.problems.map(formatFileProblem),
    );
  }
  return FlagSet.parse(loaded.combined.document);
}
