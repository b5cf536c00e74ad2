import type { FlagDefinition, FlagSetDocument, JsonValue } from '@switchyard/core';
import type { Environment } from '../environments/environment-store.js';
import type { FlagConfig } from '../flags/flag-config-store.js';
import type { Flag } from '../flags/flag-store.js';
import type { Segment } from '../segments/segment-store.js';

/**
 * The environment's flagd flag-set document, built from the management model. Pure and
 * deterministic (flags and evaluators in key order), so equal models give equal documents.
 */
export function buildEnvironmentDocument(
  environment: Environment,
  flags: readonly Flag[],
  configs: readonly FlagConfig[],
  segments: readonly Segment[],
): FlagSetDocument {
  const configByFlag = new Map<string, FlagConfig>();
  for (const config of configs) {
    if (config.environmentId === environment.id) configByFlag.set(config.flagId, config);
  }
  const document: FlagSetDocument = { flags: {} };
  for (const flag of [...flags].sort((a, b) => compare(a.key, b.key))) {
    // An archived flag keeps its configuration but is served nowhere (SDKs get FLAG_NOT_FOUND).
    const config = flag.archivedAt ? undefined : configByFlag.get(flag.id);
    if (config) document.flags[flag.key] = flagDefinition(flag, config);
  }
  const evaluators = segments
    .filter((s) => s.environmentId === environment.id)
    .sort((a, b) => compare(a.key, b.key));
  if (evaluators.length > 0) {
    document.$evaluators = Object.fromEntries(evaluators.map((s) => [s.key, s.rule])) as Record<
      string,
      JsonValue
    >;
  }
  if (environment.metadata) document.metadata = environment.metadata;
  return document;
}

function flagDefinition(flag: Flag, config: FlagConfig): FlagDefinition {
  const definition: FlagDefinition = {
    state: config.state,
    variants: flag.variants,
    defaultVariant: config.defaultVariant,
  };
  if (config.targeting !== null) definition.targeting = config.targeting;
  if (flag.metadata) definition.metadata = flag.metadata;
  return definition;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
