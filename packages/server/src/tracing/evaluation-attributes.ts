import type { EvaluationRecord } from './server-tracing.js';

export const PROVIDER_NAME = 'Switchyard';

/**
 * The OpenTelemetry feature-flag semantic convention attributes of one evaluation
 * (feature_flag.* and error.type; reasons and error types in the convention's lower case).
 */
export function evaluationAttributes(evaluation: EvaluationRecord): Record<string, string> {
  const { key, details, context, published } = evaluation;
  const attributes: Record<string, string> = {
    'feature_flag.key': key,
    'feature_flag.provider.name': PROVIDER_NAME,
    'feature_flag.result.reason': details.reason.toLowerCase(),
    'feature_flag.set.id': `${published.env.projectKey}/${published.env.environmentKey}`,
    'feature_flag.version': String(published.version),
  };
  if (details.variant !== undefined) attributes['feature_flag.result.variant'] = details.variant;
  if (typeof context.targetingKey === 'string' && context.targetingKey !== '') {
    attributes['feature_flag.context.id'] = context.targetingKey;
  }
  if (details.errorCode !== undefined) {
    attributes['error.type'] = details.errorCode.toLowerCase();
    if (details.errorMessage !== undefined) attributes['error.message'] = details.errorMessage;
  }
  return attributes;
}
