import type { JsonObject, JsonValue } from '@switchyard/core';
import { type RolloutPlan, WEIGHT_TOTAL } from '@switchyard/rollout';
import type { WrittenConfig } from './rollout-store.js';

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

/** The `if` chain form of flagd targeting: conditions and results in pairs, an optional last `else`. */
function ifChain(targeting: JsonObject): JsonValue[] | undefined {
  const keys = Object.keys(targeting);
  if (keys.length !== 1 || keys[0] !== 'if' || !Array.isArray(targeting.if)) return undefined;
  return targeting.if as JsonValue[];
}

/**
 * The existing targeting with the rollout's slot emptied: the fallback of an `if` chain (what the
 * rest of the population gets). Rules before it are kept exactly. Refused (the reason returned) when
 * the fallback serves something other than the control, or the targeting is not an `if` chain.
 */
export function baseTargetingOf(
  targeting: JsonObject | null,
  control: string,
): { base: JsonObject | null } | { problem: string } {
  if (targeting === null) return { base: null };
  const chain = ifChain(targeting);
  if (!chain) {
    return {
      problem:
        'the flag\u2019s targeting is not an "if" chain, so there is no fallback for the rollout to ramp; put its rules in an "if" (the rollout then takes over what falls through them)',
    };
  }
  if (chain.length % 2 === 0) return { base: targeting };
  const fallback = chain.at(-1);
  if (fallback === null || fallback === control) return { base: { if: chain.slice(0, -1) } };
  return {
    problem: `the flag\u2019s targeting serves ${JSON.stringify(fallback)} to everyone its rules do not match; a rollout ramps those users from its control "${control}": remove that fallback (or make it "${control}") first`,
  };
}

/** The configuration the rollout writes: its rule in the base's slot. */
export function composeConfig(
  base: JsonObject | null,
  rule: JsonValue,
  defaultVariant: string | null,
): WrittenConfig {
  if (base === null) {
    // Without targeting of its own, a finished rollout is simply the flag's default.
    if (typeof rule === 'string') return { targeting: null, defaultVariant: rule };
    return { targeting: rule as JsonObject, defaultVariant };
  }
  return { targeting: { if: [...(ifChain(base) ?? []), rule] }, defaultVariant };
}
