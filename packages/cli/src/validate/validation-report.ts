import { type FileProblem, formatFileProblem } from '@switchyard/flag-files';
import { countOf } from '../plural.js';
import type { FileReport } from './validate-flag-files.js';

export interface ValidationSummary {
  readonly files: number;
  /** Files with at least one error. */
  readonly invalidFiles: number;
  /** Errors, in every file. */
  readonly problems: number;
  readonly warnings: number;
}

const isWarning = (problem: FileProblem) => problem.severity === 'warning';
const hasErrors = (report: FileReport) => report.problems.some((problem) => !isWarning(problem));

export function summarize(reports: readonly FileReport[]): ValidationSummary {
  const all = reports.flatMap((report) => report.problems);
  const warnings = all.filter(isWarning).length;
  return {
    files: reports.length,
    invalidFiles: reports.filter(hasErrors).length,
    problems: all.length - warnings,
    warnings,
  };
}

/** One line per problem (warnings marked `warning:`), then a summary line. */
export function formatValidationText(reports: readonly FileReport[]): string {
  const lines = reports.flatMap((report) => report.problems.map(formatFileProblem));
  const { files, invalidFiles, problems, warnings } = summarize(reports);
  const outcome =
    problems === 0
      ? `${countOf(files, 'file')} valid`
      : `${countOf(problems, 'problem')} in ${invalidFiles} of ${countOf(files, 'file')}`;
  lines.push(warnings === 0 ? outcome : `${outcome}, ${countOf(warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `{ valid, files: [{ file, valid, problems: [{ kind, severity?, message, path?, line?, column? }] }],
 * summary: { files, invalidFiles, problems, warnings? } }`: stable for scripts and editor integrations.
 * `severity` is `"warning"` on warnings and absent on errors; `summary.problems` counts errors, and
 * `summary.warnings` is there when there are warnings.
 */
export function formatValidationJson(reports: readonly FileReport[]): string {
  const { warnings, ...summary } = summarize(reports);
  const output = {
    valid: summary.problems === 0,
    files: reports.map((report) => ({
      file: report.file,
      valid: !hasErrors(report),
      problems: report.problems.map(({ file: _file, kind, severity, ...rest }) => ({
        kind,
        ...(severity === 'warning' && { severity }),
        ...rest,
      })),
    })),
    summary: warnings === 0 ? summary : { ...summary, warnings },
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
