import type { EvaluationContext, ExplainStep, FlagSet, ResolutionDetails } from '@switchyard/core';

/** One flag evaluated for one context; `steps` only when an explanation was asked for. */
export interface FlagEvaluation {
  readonly flag: string;
  readonly details: ResolutionDetails;
  readonly steps?: readonly ExplainStep[];
}

/** Evaluates the given flags (or all of them, via `resolveAll`) for one context. */
export function evaluateFlags(
  flags: FlagSet,
  flagKeys: readonly string[] | undefined,
  context: EvaluationContext,
  explain: boolean,
): FlagEvaluation[] {
  if (explain) {
    return (flagKeys ?? flags.flagKeys).map((flag) => {
      const explanation = flags.explain(flag, context);
      return { flag, details: explanation.details, steps: explanation.steps };
    });
  }
  if (flagKeys === undefined) {
    return [...flags.resolveAll(context)].map(([flag, details]) => ({ flag, details }));
  }
  return flagKeys.map((flag) => ({ flag, details: flags.resolve(flag, context) }));
}
