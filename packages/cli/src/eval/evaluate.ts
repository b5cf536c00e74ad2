import type { EvaluationContext, ExplainStep, ResolutionDetails } from '@switchyard/core';
import type { FlagLayers } from '../flags/flag-layers.js';

/** One flag evaluated for one context; `steps` only when an explanation was asked for. */
export interface FlagEvaluation {
  readonly flag: string;
  readonly details: ResolutionDetails;
  readonly steps?: readonly ExplainStep[];
}

/** Evaluates the given flags (or all of them, via `resolveAll`) for one context. */
export function evaluateFlags(
  layers: FlagLayers,
  flagKeys: readonly string[] | undefined,
  context: EvaluationContext,
  explain: boolean,
): FlagEvaluation[] {
  if (explain) {
    return (flagKeys ?? layers.flagKeys).map((flag) => {
      const explanation = layers.explain(flag, context);
      return { flag, details: explanation.details, steps: explanation.steps };
    });
  }
  if (flagKeys === undefined) {
    return [...layers.resolveAll(context)].map(([flag, details]) => ({ flag, details }));
  }
  return flagKeys.map((flag) => ({ flag, details: layers.resolve(flag, context) }));
}
