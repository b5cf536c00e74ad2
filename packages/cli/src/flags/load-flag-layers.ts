import { FlagSet, FlagSetValidationError } from '@switchyard/core';
import { type FileProblem, formatFileProblem, readFlagFile } from '@switchyard/flag-files';
import { CliInputError } from '../errors.js';
import { countOf } from '../plural.js';
import { FlagLayers, type FlagSource } from './flag-layers.js';

/**
 * Loads flag files leniently (`FlagSet.parse`, as flagd does) and layers them. Every problem in every
 * file is collected before failing, so one run shows everything to fix.
 */
export async function loadFlagLayers(files: readonly string[], cwd: string): Promise<FlagLayers> {
  const sources: FlagSource[] = [];
  const problems: FileProblem[] = [];
  for (const file of files) {
    const read = await readFlagFile(file, cwd);
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    try {
      sources.push({ file, set: FlagSet.parse(read.value) });
    } catch (error) {
      if (!(error instanceof FlagSetValidationError)) throw error;
      problems.push(
        ...error.issues.map(
          (issue): FileProblem => ({ file, kind: 'flag-set', path: issue.path, message: issue.message }),
        ),
      );
    }
  }
  if (problems.length > 0) {
    const failed = new Set(problems.map((problem) => problem.file)).size;
    throw new CliInputError(
      `cannot load flags: ${countOf(problems.length, 'problem')} in ${countOf(failed, 'file')}`,
      problems.map(formatFileProblem),
    );
  }
  return new FlagLayers(sources);
}
