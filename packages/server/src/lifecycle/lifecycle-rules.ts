import type { CodeReferenceUsageView } from '../code-references/code-reference-view.js';
import type { FlagAnnotation, LifecycleConfig, LifecycleFlag, StaleReason } from '../flags/flag-lifecycle.js';
import type { LifecycleSettings } from './lifecycle-settings.js';

const DAY_MS = 86_400_000;

export interface FlagFacts {
  flag: LifecycleFlag;
  /** The flag's configuration in each environment of the project. */
  configs: readonly LifecycleConfig[];
  environmentCount: number;
  usage: CodeReferenceUsageView;
  /** The latest evaluation in any environment (null: none recorded). */
  lastEvaluatedAt: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const days = (ms: number) => Math.floor(ms / DAY_MS);

/**
 * The variant served to everyone in every environment, and since when; undefined when some
 * environment is disabled, targets, or serves another variant.
 */
export function singleVariant(
  configs: readonly LifecycleConfig[],
  environmentCount: number,
): { variant: string; since: string } | undefined {
  if (environmentCount === 0 || configs.length < environmentCount) return undefined;
  const first = configs[0]!.defaultVariant;
  if (first === null) return undefined;
  let since = '';
  for (const config of configs) {
    if (config.state !== 'ENABLED' || config.targeting !== null || config.defaultVariant !== first)
      return undefined;
    if (config.updatedAt > since) since = config.updatedAt;
  }
  return { variant: first, since };
}

/** Why a flag is stale at `now` (empty: it is not), by the project's settings. Pure. */
export function staleReasons(facts: FlagFacts, settings: LifecycleSettings, now: Date): StaleReason[] {
  const { flag } = facts;
  const reasons: StaleReason[] = [];
  const at = now.getTime();
  const lifetime = settings.expectedLifetimeDays[flag.kind];
  if (lifetime !== null) {
    const expires = Date.parse(flag.createdAt) + lifetime * DAY_MS;
    if (at >= expires) {
      reasons.push({
        code: 'past-expected-lifetime',
        message: `created ${flag.createdAt}: a ${flag.kind} flag is expected to live ${lifetime} days (until ${iso(expires)})`,
        since: iso(expires),
      });
    }
    const single = singleVariant(facts.configs, facts.environmentCount);
    const window = settings.stale.singleVariantDays * DAY_MS;
    if (single && at - Date.parse(single.since) >= window) {
      reasons.push({
        code: 'single-variant',
        message: `serves "${single.variant}" to everyone in every environment since ${single.since} (${days(at - Date.parse(single.since))} days; the limit is ${settings.stale.singleVariantDays})`,
        since: iso(Date.parse(single.since) + window),
      });
    }
  }
  // Never evaluated counts from the flag's creation.
  const lastUse = facts.lastEvaluatedAt ?? flag.createdAt;
  const idle = settings.stale.notEvaluatedDays * DAY_MS;
  if (at - Date.parse(lastUse) >= idle) {
    reasons.push({
      code: 'not-evaluated',
      message:
        facts.lastEvaluatedAt === null
          ? `never evaluated since it was created (${flag.createdAt}; the limit is ${settings.stale.notEvaluatedDays} days)`
          : `last evaluated ${facts.lastEvaluatedAt} (${days(at - Date.parse(lastUse))} days ago; the limit is ${settings.stale.notEvaluatedDays})`,
      since: iso(Date.parse(lastUse) + idle),
    });
  }
  const scanned = facts.usage.lastUploadedAt;
  // A flag created after the latest scan could not have been found by it.
  if (
    settings.stale.codeReferences &&
    scanned !== null &&
    facts.usage.references === 0 &&
    flag.createdAt < scanned
  ) {
    reasons.push({
      code: 'no-code-references',
      message: `no code references it (as of the latest code-reference upload, ${scanned})`,
      since: scanned,
    });
  }
  return reasons;
}

/** The flag's lifecycle stage, the rule that gave it, and why it is stale. Pure. */
export function annotateFlag(facts: FlagFacts, settings: LifecycleSettings, now: Date): FlagAnnotation {
  const { flag } = facts;
  const lifetime = settings.expectedLifetimeDays[flag.kind];
  const base = {
    expectedLifetimeDays: lifetime,
    expiresAt: lifetime === null ? null : iso(Date.parse(flag.createdAt) + lifetime * DAY_MS),
  };
  if (flag.archivedAt) {
    return {
      lifecycle: {
        stage: 'archived',
        rule: `archived ${flag.archivedAt}: served nowhere until restored`,
        ...base,
      },
      stale: { reasons: [] },
    };
  }
  const reasons = staleReasons(facts, settings, now);
  if (reasons.length > 0) {
    const codes = reasons.map((r) => r.code).join(', ');
    return { lifecycle: { stage: 'stale', rule: `stale: ${codes}`, ...base }, stale: { reasons } };
  }
  const enabled = facts.configs.filter((c) => c.state === 'ENABLED').length;
  const single = singleVariant(facts.configs, facts.environmentCount);
  const lifecycle =
    enabled === 0
      ? { stage: 'new' as const, rule: 'disabled in every environment' }
      : single
        ? {
            stage: 'fully-released' as const,
            rule: `serves "${single.variant}" to everyone in every environment since ${single.since}`,
          }
        : {
            stage: 'rolling-out' as const,
            rule: `enabled in ${enabled} of ${facts.environmentCount} environments, not serving one variant to everyone everywhere`,
          };
  return { lifecycle: { ...lifecycle, ...base }, stale: { reasons } };
}
