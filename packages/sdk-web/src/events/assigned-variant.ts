/**
 * Reasons that say targeting chose the variant for this unit: a rule or a `fractional` split
 * (TARGETING_MATCH; SPLIT is OpenFeature's name for a pseudorandom split, which other providers use).
 */
const ASSIGNING_REASONS = new Set(['TARGETING_MATCH', 'SPLIT']);

/**
 * The variant an evaluation assigned, when it is an exposure: successful, with a variant, chosen
 * by targeting. Not exposures: STATIC (no targeting, everyone gets the same variant), DEFAULT
 * (targeting chose nothing: the unit is outside the experiment's audience and must not dilute its
 * control group), DISABLED and errors. Same rule as @switchyard/sdk-node.
 */
export function assignedVariant(details: {
  variant?: string | undefined;
  reason?: string | undefined;
  errorCode?: string | undefined;
}): string | undefined {
  if (details.errorCode !== undefined || typeof details.variant !== 'string') return undefined;
  return details.reason !== undefined && ASSIGNING_REASONS.has(details.reason) ? details.variant : undefined;
}
