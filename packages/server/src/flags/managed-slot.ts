import type { JsonObject, JsonValue } from '@switchyard/core';
import type { CommandContext } from '../commands/command-definition.js';
import type { Environment } from '../environments/environment-store.js';
import { canonicalJson } from '../flag-sets/canonical-json.js';
import type { FlagConfig } from './flag-config-store.js';
import type { FlagConfiguration } from './flag-configuration.js';
import type { Flag } from './flag-store.js';

/**
 * Rollouts and experiments each manage one slot of a flag's targeting: the fallback of its `if`
 * chain (what everyone its rules do not match gets). The rules before the slot stay the people's.
 */

/** What a manager last wrote into the flag's configuration, to tell a person's edit from its own. */
export interface WrittenConfig {
  targeting: JsonObject | null;
  defaultVariant: string | null;
}

/** The flag, environment and configuration a manager works on, read in the change's transaction. */
export interface SlotTarget {
  environment: Environment;
  flag: Flag;
  config: FlagConfig;
}

/** The `if` chain form of flagd targeting: conditions and results in pairs, an optional last `else`. */
function ifChain(targeting: JsonObject): JsonValue[] | undefined {
  const keys = Object.keys(targeting);
  if (keys.length !== 1 || keys[0] !== 'if' || !Array.isArray(targeting.if)) return undefined;
  return targeting.if as JsonValue[];
}

/**
 * The existing targeting with the slot emptied. Rules before it are kept exactly. Refused (the
 * reason returned) when the fallback serves something other than `control`, or the targeting is not
 * an `if` chain. `owner` names the manager in the reason ("a rollout", "an experiment").
 */
export function baseTargetingOf(
  targeting: JsonObject | null,
  control: string,
  owner = 'a rollout',
): { base: JsonObject | null } | { problem: string } {
  if (targeting === null) return { base: null };
  const chain = ifChain(targeting);
  if (!chain) {
    return {
      problem: `the flag\u2019s targeting is not an "if" chain, so there is no fallback for ${owner} to take over; put its rules in an "if" (${owner} then takes over what falls through them)`,
    };
  }
  if (chain.length % 2 === 0) return { base: targeting };
  const fallback = chain.at(-1);
  if (fallback === null || fallback === control) return { base: { if: chain.slice(0, -1) } };
  return {
    problem: `the flag\u2019s targeting serves ${JSON.stringify(fallback)} to everyone its rules do not match; ${owner} starts those users from its control "${control}": remove that fallback (or make it "${control}") first`,
  };
}

/** The configuration a manager writes: its rule in the base's slot. */
export function composeConfig(
  base: JsonObject | null,
  rule: JsonValue,
  defaultVariant: string | null,
): WrittenConfig {
  if (base === null) {
    // Without targeting of its own, a rule that serves one variant is simply the flag's default.
    if (typeof rule === 'string') return { targeting: null, defaultVariant: rule };
    return { targeting: rule as JsonObject, defaultVariant };
  }
  return { targeting: { if: [...(ifChain(base) ?? []), rule] }, defaultVariant };
}

/**
 * The base of targeting that a person edited but that still ends with the manager's rule (their
 * rules before it are adopted); undefined when the rule is no longer in its slot.
 */
export function adoptedBase(targeting: JsonObject | null, managed: JsonValue): JsonObject | null | undefined {
  if (targeting === null) return undefined;
  if (typeof managed === 'string') return undefined;
  const chain = ifChain(targeting);
  if (!chain || chain.length % 2 === 0) return undefined;
  if (canonicalJson(chain.at(-1)) !== canonicalJson(managed)) return undefined;
  return chain.length === 1 ? null : { if: chain.slice(0, -1) };
}

/** Whether the configuration is still what the manager last wrote (a person may have edited it). */
export function isAsWritten(written: WrittenConfig | null, config: FlagConfig): boolean {
  return (
    written !== null &&
    canonicalJson(written.targeting) === canonicalJson(config.targeting) &&
    written.defaultVariant === config.defaultVariant
  );
}

/** Writes a managed configuration (enabled), audited as a configuration change. */
export async function writeManagedConfig(
  ctx: CommandContext,
  configuration: FlagConfiguration,
  target: SlotTarget,
  written: WrittenConfig,
): Promise<FlagConfig> {
  const { environment, flag, config } = target;
  const saved = await configuration.save(
    ctx,
    flag,
    environment,
    { state: 'ENABLED', ...written },
    config,
    ctx.payloadPath('/defaultVariant'),
  );
  const project = ctx.project!.key;
  const view = (c: FlagConfig) => ({
    state: c.state,
    defaultVariant: c.defaultVariant,
    targeting: c.targeting,
  });
  ctx.audit({
    action: 'flag-config.update',
    resourceType: 'flag-config',
    resource: `projects/${project}/environments/${environment.key}/flags/${flag.key}`,
    projectKey: project,
    environmentKey: environment.key,
    flagKey: flag.key,
    before: view(config),
    after: view(saved),
  });
  return saved;
}
