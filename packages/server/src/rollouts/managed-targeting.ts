import type { JsonObject, JsonValue } from '@switchyard/core';
import { type RolloutPlan, WEIGHT_TOTAL } from '@switchyard/rollout';

/** What the rollout serves where it applies: rings and a split while it runs, one variant once it ends. */
export type ManagedServing =
  | { kind: 'ramp'; rings: readonly string[]; basisPoints: number }
  | { kind: 'serve'; variant: string };

/**
 * The rule a rollout manages: the open rings serve the variant in full, everyone else the `fractional`
 * split, the rolled-out variant listed first so that growing its weight keeps every user already in
 * (flagd's bucketing is positional). A finished rollout serves one variant.
 */
export function managedRule(plan: RolloutPlan, serving: ManagedServing): JsonValue {
  if (serving.kind === 'serve') return serving.variant;
  const split: JsonObject = {
    fractional: [
      [plan.variant, serving.basisPoints],
      [plan.control, WEIGHT_TOTAL - serving.basisPoints],
    ],
  };
  if (serving.rings.length === 0) return split;
  const branches: JsonValue[] = [];
  for (const name of serving.rings) {
    const ring = plan.rings?.find((r) => r.name === name);
    if (!ring) continue;
    branches.push(
      ring.segment !== undefined ? { $ref: ring.segment } : (ring.condition as JsonObject),
      plan.variant,
    );
  }
  return { if: [...branches, split] };
}
