import { Type } from '@sinclair/typebox';
import { CodeReferenceUsageSchema } from '../code-references/code-reference-response-schemas.js';
import {
  type Assert,
  JsonValueSchema,
  MapOf,
  MetadataView,
  Nullable,
  type SameShape,
  Timestamp,
} from '../http/common-schemas.js';
import { FlagConfigSchema } from './flag-config-response-schemas.js';
import { FlagLifecycleSchema, FlagStaleSchema, lifecycleStages, staleReasonCodes } from './flag-lifecycle.js';
import { FlagKindSchema, FlagStateSchema } from './flag-schemas.js';
import type { flagSummaryView } from './flag-summary-view.js';
import type { flagView } from './flag-view.js';

export const FlagSchema = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    description: Type.String(),
    kind: FlagKindSchema,
    owner: Type.String(),
    tags: Type.Array(Type.String()),
    variants: MapOf(JsonValueSchema, { description: 'Variant name → value' }),
    metadata: Nullable(MetadataView),
    defaultVariant: Nullable(
      Type.String({
        description: 'The default variant of environments created later (each environment has its own)',
      }),
    ),
    safeVariant: Nullable(Type.String({ description: 'What a kill switch or a rollback serves' })),
    version: Type.Integer({ description: 'Also the ETag' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    environments: MapOf(FlagConfigSchema, {
      description: 'Environment key → configuration, for every environment where the flag is configured',
    }),
    codeReferences: CodeReferenceUsageSchema,
    archivedAt: Nullable(Timestamp),
    lifecycle: FlagLifecycleSchema,
    stale: FlagStaleSchema,
  },
  { title: 'Flag' },
);

export const FlagListSchema = Type.Object({ flags: Type.Array(FlagSchema) }, { title: 'FlagList' });

export type FlagViewMatches = Assert<SameShape<ReturnType<typeof flagView>, typeof FlagSchema>>;

/** A flag as the flag list needs it (`?view=summary`); nothing else, so the list stays small. */
export const FlagSummarySchema = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    description: Type.String(),
    kind: FlagKindSchema,
    owner: Type.String(),
    tags: Type.Array(Type.String()),
    version: Type.Integer({ description: "The flag's version (its ETag)" }),
    archivedAt: Nullable(Timestamp),
    environments: MapOf(Type.Object({ state: FlagStateSchema }, { additionalProperties: false }), {
      description: 'Environment key → state, for every environment where the flag is configured',
    }),
    lifecycle: Type.Object(
      { stage: Type.Union(lifecycleStages.map((s) => Type.Literal(s))) },
      { additionalProperties: false },
    ),
    stale: Type.Object(
      {
        reasons: Type.Array(
          Type.Object(
            { code: Type.Union(staleReasonCodes.map((c) => Type.Literal(c))), message: Type.String() },
            { additionalProperties: false },
          ),
          { description: 'Empty: not stale' },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { title: 'FlagSummary', additionalProperties: false },
);

export const FlagSummaryListSchema = Type.Object(
  { flags: Type.Array(FlagSummarySchema) },
  { title: 'FlagSummaryList', additionalProperties: false },
);

export type FlagSummaryViewMatches = Assert<
  SameShape<ReturnType<typeof flagSummaryView>, typeof FlagSummarySchema>
>;
