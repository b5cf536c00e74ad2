import { formatFileProblem } from '@switchyard/flag-files';
import { countOf } from '../plural.js';
import type { FileReport } from './validate-flag-file.js';

export interface ValidationSummary {
  readonly files: number;
  readonly invalidFiles: number;
  readonly problems: number;
}

export function summarize(reports: readonly FileReport[]): ValidationSummary {
  return {
    files: reports.length,
    invalidFiles: reports.filter((report) => report.problems.length > 0).length,
    problems: reports.reduce((sum, report) => sum + report.problems.length, 0),
  };
}

/** One line per problem, then a summary line. */
export function formatValidationText(reports: readonly FileReport[]): string {
  const lines = reports.flatMap((report) => report.problems.map(formatFileProblem));
  const { files, invalidFiles, problems } = summarize(reports);
  lines.push(
    problems === 0
      ? `${countOf(files, 'file')} valid`
      : `${countOf(problems, 'problem')} in ${invalidFiles} of ${countOf(files, 'file')}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `{ valid, files: [{ file, valid, problems: [{ kind, message, path?, line?, column? }] }], summary }`:
 * stable for scripts and editor integrations.
 */
export function formatValidationJson(reports: readonly FileReport[]): string {
  const summary = summarize(reports);
  const output = {
    valid: summary.problems === 0,
    files: reports.map((report) => ({
      file: report.file,
      valid: report.problems.length === 0,
      problems: report.problems.map(({ file: _file, ...problem }) => problem),
    })),
    summary,
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
