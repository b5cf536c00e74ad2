import { type Static, Type } from '@sinclair/typebox';
import type { CodeReferenceUsageView } from '../code-references/code-reference-view.js';
import type { CommandContext } from '../commands/command-definition.js';
import type { Environment } from '../environments/environment-store.js';
import { Nullable, Timestamp } from '../http/common-schemas.js';
import type { Queryable } from '../storage/database.js';
import type { FlagConfig } from './flag-config-store.js';
import type { Flag, FlagKind } from './flag-store.js';

export const lifecycleStages = ['new', 'rolling-out', 'fully-released', 'stale', 'archived'] as const;
export const staleReasonCodes = [
  'past-expected-lifetime',
  'single-variant',
  'not-evaluated',
  'no-code-references',
] as const;

export const FlagLifecycleSchema = Type.Object(
  {
    stage: Type.Union(lifecycleStages.map((s) => Type.Literal(s))),
    rule: Type.String({ description: 'Why the flag is at this stage' }),
    expectedLifetimeDays: Nullable(
      Type.Integer({ description: "The project's expected lifetime of this kind (null: permanent)" }),
    ),
    expiresAt: Nullable(Timestamp),
  },
  { title: 'FlagLifecycle' },
);

export const StaleReasonSchema = Type.Object(
  {
    code: Type.Union(staleReasonCodes.map((c) => Type.Literal(c))),
    message: Type.String(),
    since: Nullable(Timestamp),
  },
  { title: 'StaleReason' },
);

export const FlagStaleSchema = Type.Object(
  { reasons: Type.Array(StaleReasonSchema, { description: 'Empty: not stale' }) },
  { title: 'FlagStale' },
);

export type FlagLifecycleView = Static<typeof FlagLifecycleSchema>;
export type StaleReason = Static<typeof StaleReasonSchema>;
export interface FlagAnnotation {
  lifecycle: FlagLifecycleView;
  stale: { reasons: StaleReason[] };
}

/** What the lifecycle rules read of a flag. */
export type LifecycleFlag = Pick<Flag, 'id' | 'key' | 'kind' | 'createdAt' | 'archivedAt'>;
/** What the lifecycle rules read of a configuration: of its targeting, only whether there is one. */
export type LifecycleConfig = Pick<
  FlagConfig,
  'flagId' | 'environmentId' | 'state' | 'defaultVariant' | 'updatedAt'
> & { targeting: unknown };

/** What the lifecycle of a project's flags is computed from. */
export interface FlagLifecycleInput<F extends LifecycleFlag = LifecycleFlag> {
  projectId: string;
  flags: readonly F[];
  configs: readonly LifecycleConfig[];
  environments: readonly Environment[];
  usage: (flagKey: string) => CodeReferenceUsageView;
}

/**
 * The lifecycle feature, as the flags feature sees it (wired in app.ts): the stage and staleness of
 * flags, and the project's naming and ownership policy for new flags.
 */
export interface FlagLifecyclePolicy {
  annotate<F extends LifecycleFlag>(
    db: Queryable,
    input: FlagLifecycleInput<F>,
  ): Promise<(flag: F) => FlagAnnotation>;
  /** Throws a validation error naming the field and the rule a new flag breaks. */
  checkNewFlag(
    ctx: CommandContext,
    flag: { key: string; owner?: string; description?: string; kind?: FlagKind },
  ): Promise<void>;
}
