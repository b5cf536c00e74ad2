import type { EvaluationContext } from '@switchyard/core';
import type { FlagEvaluation } from './evaluate.js';

/**
 * The JSON Lines record for one evaluation: `flag`, `targetingKey` (null when the context has none),
 * then the resolution details. Absent details (e.g. no `value` for a disabled flag) are omitted, as OFREP does.
 */
export function evaluationRecord(
  evaluation: FlagEvaluation,
  context: EvaluationContext,
): Record<string, unknown> {
  const { details } = evaluation;
  return {
    flag: evaluation.flag,
    targetingKey: context.targetingKey ?? null,
    value: details.value,
    variant: details.variant,
    reason: details.reason,
    errorCode: details.errorCode,
    errorMessage: details.errorMessage,
    flagMetadata: details.flagMetadata,
    ...(evaluation.steps ? { steps: evaluation.steps } : {}),
  };
}
