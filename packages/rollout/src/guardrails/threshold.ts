import type { PrometheusGuardrail, ThresholdGuardrail } from '../plan-types.js';

/** The breach message of a value outside [min, max], or null when it is inside. */
export function boundBreach(
  name: string,
  value: number,
  guardrail: ThresholdGuardrail | PrometheusGuardrail,
): string | null {
  if (guardrail.max !== undefined && value > guardrail.max)
    return `${name} ${value} is above max ${guardrail.max}`;
  if (guardrail.min !== undefined && value < guardrail.min)
    return `${name} ${value} is below min ${guardrail.min}`;
  return null;
}
