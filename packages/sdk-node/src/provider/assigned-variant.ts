import type { ResolutionDetails } from '@openfeature/server-sdk';

/**
 * Reasons that say targeting chose the variant for this unit: a rule or a `fractional` split
 * (TARGETING_MATCH; SPLIT is OpenFeature's name for a pseudorandom split, which other providers use).
 */
const ASSIGNING_REASONS = new Set(['TARGETING_MATCH', 'SPLIT']);

/**
 * The variant an evaluation assigned, when it counts for experiments and request telemetry:
 * successful, with a variant, chosen by targeting. Not counted: STATIC (no targeting: everyone
 * gets the same variant, nothing to compare), DEFAULT (targeting ran and chose nothing, so the
 * unit is outside the audience of the rollout or experiment and must not dilute its control
 * group), DISABLED, and errors (no variant was served).
 */
export function assignedVariant(details: ResolutionDetails<unknown>): string | undefined {
  if (details.errorCode !== undefined || typeof details.variant !== 'string') return undefined;
  return details.reason !== undefined && ASSIGNING_REASONS.has(details.reason) ? details.variant : undefined;
}
