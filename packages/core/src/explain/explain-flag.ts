import { describeError, describeValue } from '../describe-value.js';
import type { SharedRules } from '../evaluators/shared-rules.js';
import type { ExplainStep, Explanation } from '../explain-types.js';
import type { CompiledFlag } from '../flags/compiled-flag.js';
import { compileTargeting } from '../targeting/compile-targeting.js';
import type { BucketingStrategy } from '../targeting/fractional/bucketing-strategy.js';
import type { EvaluationContext, ResolutionDetails } from '../types.js';

function outcome(details: ResolutionDetails): string {
  if (details.errorCode) return `error ${details.errorCode}: ${details.errorMessage ?? ''}`.trim();
  if (details.variant === undefined)
    return `no variant applies (${details.reason}): the caller's default is used`;
  return `variant ${describeValue(details.variant)} = ${describeValue(details.value)} (${details.reason})`;
}

/**
 * Re-runs a flag's targeting compiled with tracing, so the steps are exactly what the evaluator did.
 * Compiling per call is fine here: explain serves people, not the hot path.
 */
export function explainFlag(
  flag: CompiledFlag,
  ctx: EvaluationContext,
  bucketing: BucketingStrategy,
  shared: SharedRules,
): Explanation {
  const steps: ExplainStep[] = [];
  const { source } = flag;
  const finish = (details: ResolutionDetails): Explanation => {
    steps.push({ path: '', kind: 'result', message: outcome(details) });
    return { flagKey: flag.key, details, steps };
  };
  if (flag.disabled) {
    steps.push({ path: '/state', kind: 'state', message: 'the flag is DISABLED' });
    return finish(flag.resolve(ctx));
  }
  if (source.compileError !== undefined) {
    steps.push({ path: '/targeting', kind: 'error', message: source.compileError });
    return finish(flag.resolve(ctx));
  }
  if (source.targeting === undefined) {
    steps.push({
      path: '',
      kind: 'static',
      message: 'the flag has no targeting rules: its default variant is served',
    });
    return finish(flag.resolve(ctx));
  }
  let result: unknown;
  try {
    const traced = compileTargeting(source.targeting, {
      flagKey: flag.key,
      bucketing,
      shared,
      trace: (step) => steps.push({ ...step, path: `/targeting${step.path}` }),
    });
    result = traced(ctx, ctx);
  } catch (error) {
    steps.push({
      path: '/targeting',
      kind: 'error',
      message: `targeting failed: ${describeError(error)}`,
    });
    return finish(flag.resolve(ctx));
  }
  steps.push({
    path: '/targeting',
    kind: 'result',
    message:
      result === null || result === undefined
        ? 'targeting gave null: the default variant applies'
        : `targeting returned ${describeValue(result)}`,
    data: { result },
  });
  return finish(flag.detailsFor(result));
}
