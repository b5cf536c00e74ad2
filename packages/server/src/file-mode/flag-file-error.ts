import { type FileProblem, formatFileProblem } from '@switchyard/flag-files';

/**
 * Flag files that cannot be served: unreadable, not valid JSON or YAML (with line and column), not a
 * flag set, or refused as flagd refuses a source. The message lists every problem, one per line.
 */
export class FlagFileError extends Error {
  readonly code = 'FLAG_FILE_INVALID';
  readonly problems: readonly FileProblem[];

  constructor(problems: readonly FileProblem[]) {
    const files = new Set(problems.map((problem) => problem.file)).size;
    const summary = `cannot load flag files: ${countOf(problems.length, 'problem')} in ${countOf(files, 'file')}`;
    super([summary, ...problems.map(formatFileProblem)].join('\n'));
    this.name = 'FlagFileError';
    this.problems = problems;
  }
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
