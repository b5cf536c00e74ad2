import type { CodeReferenceUsageView } from '../code-references/code-reference-view.js';
import type { Environment } from '../environments/environment-store.js';
import type { FlagConfig } from './flag-config-store.js';
import type { FlagAnnotation } from './flag-lifecycle.js';
import { safeVariantOf } from './flag-rules.js';
import type { Flag } from './flag-store.js';

export function flagConfigView(config: FlagConfig) {
  return {
    state: config.state,
    defaultVariant: config.defaultVariant,
    targeting: config.targeting,
    version: config.version,
    updatedAt: config.updatedAt,
  };
}

/**
 * A flag with its configuration in every environment where it is configured, and how much code uses
 * it (as `switchyard scan --upload` last said), its lifecycle stage and why it is stale, if it is.
 */
export function flagView(
  flag: Flag,
  configs: readonly FlagConfig[],
  environments: readonly Environment[],
  codeReferences: CodeReferenceUsageView,
  annotation: FlagAnnotation,
) {
  const environmentKey = new Map(environments.map((e) => [e.id, e.key]));
  const perEnvironment: Record<string, ReturnType<typeof flagConfigView>> = {};
  for (const config of configs) {
    const key = environmentKey.get(config.environmentId);
    if (config.flagId === flag.id && key !== undefined) perEnvironment[key] = flagConfigView(config);
  }
  return {
    key: flag.key,
    name: flag.name,
    description: flag.description,
    kind: flag.kind,
    owner: flag.owner,
    tags: flag.tags,
    variants: flag.variants,
    metadata: flag.metadata,
    defaultVariant: flag.defaultVariant,
    safeVariant: safeVariantOf(flag),
    version: flag.version,
    createdAt: flag.createdAt,
    updatedAt: flag.updatedAt,
    environments: perEnvironment,
    codeReferences,
    archivedAt: flag.archivedAt,
    lifecycle: annotation.lifecycle,
    stale: annotation.stale,
  };
}

/** The flag fields recorded in the audit trail (per-environment configuration has its own entries). */
export function flagAuditView(flag: Flag) {
  const { id: _id, projectId: _projectId, ...view } = flag;
  return { ...view, safeVariant: safeVariantOf(flag) };
}
