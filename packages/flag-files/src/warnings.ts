import { unknownFieldIssues } from '@switchyard/core';
import type { CombinedFlagSet } from './combine/combine-flag-documents.js';
import type { FileProblem } from './file-problem.js';

/**
 * Properties the flagd format does not define (core's `unknownFieldIssues`): every loader ignores
 * them, so a misspelt `"targetting"` would otherwise leave a flag untargeted without a word.
 */
export function unknownFieldWarnings(file: string, value: unknown): FileProblem[] {
  return unknownFieldIssues(value).map(
    (issue): FileProblem => ({ file, kind: 'unknown-field', severity: 'warning', ...issue }),
  );
}

/** Each `$ref` that only resolves through another file's evaluator (see `EvaluatorScopes`). */
export function combinationWarnings(combined: CombinedFlagSet): FileProblem[] {
  return combined.borrowedRefs.map(
    ({ file, path, name, from }): FileProblem => ({
      file,
      kind: 'combination',
      severity: 'warning',
      path,
      message:
        `$ref ${JSON.stringify(name)} is not defined in this file and uses the evaluator of ${from} ` +
        '(flagd, loading the files as separate sources, answers PARSE_ERROR)',
    }),
  );
}
