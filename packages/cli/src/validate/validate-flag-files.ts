import { FlagSet } from '@switchyard/core';
import {
  type BorrowedRef,
  type CombinedFlagSet,
  combinationWarnings,
  combineFlagDocuments,
  type FileProblem,
  type FlagFile,
  type FlagFileResult,
  readFlagFile,
  unknownFieldWarnings,
} from '@switchyard/flag-files';

/** The outcome of validating one file: no problem of severity error means valid. */
export interface FileReport {
  readonly file: string;
  readonly problems: readonly FileProblem[];
}

export interface ValidateOptions {
  /** Report warnings (unknown properties, `$ref`s resolved in another file) as errors. */
  readonly strict: boolean;
}

/**
 * Reads flag files and validates each strictly: every schema and structural problem, not only those
 * flagd rejects, plus keys repeated within a JSON object (YAML parsing already rejects those). A file
 * whose outer shape is wrong is still checked for everything else. Warnings: properties the flagd
 * format does not define (flagd ignores them) and `$ref`s that only another of the files resolves,
 * under the rule by which `eval --flags` and `serve --flags` combine the same files.
 */
export async function validateFlagFiles(
  files: readonly string[],
  cwd: string,
  options: ValidateOptions,
): Promise<FileReport[]> {
  const reads = await Promise.all(files.map((file) => readFlagFile(file, cwd)));
  const shaped = reads.flatMap((read): FlagFile[] => (read.ok ? [read] : []));
  const combined = shaped.length > 0 ? combineFlagDocuments(shaped) : undefined;
  return reads.map((read) => {
    const problems = fileProblems(read, combined, shaped);
    return { file: read.file, problems: options.strict ? problems.map(asError) : problems };
  });
}

function fileProblems(
  read: FlagFileResult,
  combined: CombinedFlagSet | undefined,
  shaped: readonly FlagFile[],
): FileProblem[] {
  const parsed = read.ok ? read : read.parsed;
  if (!parsed) return read.ok ? [] : [...read.problems];
  const { file } = parsed;
  const shapeProblems = read.ok ? [] : read.problems;
  const borrowed = read.ok && combined ? combined.borrowedRefs.filter((ref) => ref.file === file) : [];
  const evaluators = borrowedEvaluators(borrowed, shaped);
  const issues = FlagSet.validate(withEvaluators(parsed.value, evaluators))
    // The shape problems say the same in the reader's words; a borrowed evaluator is its own file's business.
    .filter(({ path }) => !shapeProblems.some((shape) => shape.path === path))
    .filter(({ path }) => !evaluators.some(([name]) => isUnder(path, evaluatorPath(name))));
  return [
    ...parsed.duplicateKeys,
    ...shapeProblems,
    ...issues.map((issue): FileProblem => ({ file, kind: 'flag-set', ...issue })),
    ...unknownFieldWarnings(file, parsed.value),
    ...(combined
      ? uniqueWarnings(combinationWarnings(combined).filter((warning) => warning.file === file))
      : []),
  ];
}

/** The evaluators of other files that this file's `$ref`s use, so strict validation resolves them alike. */
function borrowedEvaluators(
  borrowed: readonly BorrowedRef[],
  shaped: readonly FlagFile[],
): [string, unknown][] {
  const evaluators = new Map<string, unknown>();
  for (const { name, from } of borrowed) {
    const source = [...shaped].reverse().find((file) => file.file === from)?.document.$evaluators;
    if (source && Object.hasOwn(source, name)) evaluators.set(name, source[name]);
  }
  return [...evaluators];
}

/** The document with borrowed evaluators added (its own win), when it has room for them. */
function withEvaluators(value: unknown, borrowed: readonly [string, unknown][]): unknown {
  if (borrowed.length === 0 || !isObject(value)) return value;
  const own = value.$evaluators;
  if (own !== undefined && !isObject(own)) return value;
  return { ...value, $evaluators: { ...Object.fromEntries(borrowed), ...own } };
}

/** A file named twice is combined twice; its warnings are reported once. */
function uniqueWarnings(warnings: readonly FileProblem[]): FileProblem[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const id = `${warning.path}\u0000${warning.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function asError(problem: FileProblem): FileProblem {
  if (problem.severity !== 'warning') return problem;
  const { severity: _severity, ...error } = problem;
  return error;
}

function evaluatorPath(name: string): string {
  return `/$evaluators/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
