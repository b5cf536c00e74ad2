/** Stable codes for harness failures, so a failing scenario says whether the suite or the evaluator is at fault. */
export type HarnessErrorCode =
  | 'UNKNOWN_STEP'
  | 'AMBIGUOUS_STEP'
  | 'UNSUPPORTED_STEP'
  | 'STEP_ORDER'
  | 'BAD_VALUE'
  | 'NO_ASSERTION'
  | 'STALE_EXCLUSION';

export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  constructor(
    readonly code: HarnessErrorCode,
    message: string,
  ) {
    super(`[${code}] ${message}`);
  }
}
