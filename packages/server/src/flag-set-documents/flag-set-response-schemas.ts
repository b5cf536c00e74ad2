import { Type } from '@sinclair/typebox';
import {
  type Assert,
  JsonValueSchema,
  MapOf,
  MetadataView,
  Nullable,
  type SameShape,
} from '../http/common-schemas.js';
import type { ImportOutcome } from './import-flag-set.js';

/** One flag of a flagd flag-set document, as the server builds it from the management model. */
export const FlagDefinitionSchema = Type.Object(
  {
    state: Type.Union([Type.Literal('ENABLED'), Type.Literal('DISABLED')]),
    variants: MapOf(JsonValueSchema, { description: 'Variant name → value' }),
    defaultVariant: Nullable(Type.String()),
    targeting: Type.Optional(MapOf(JsonValueSchema, { description: 'A JSON Logic rule' })),
    metadata: Type.Optional(MetadataView),
  },
  { title: 'FlagDefinition' },
);

/** The environment's flag set in flagd's format (what SDKs sync), flags and evaluators in key order. */
export const FlagSetDocumentSchema = Type.Object(
  {
    flags: MapOf(FlagDefinitionSchema, { description: 'Flag key → definition' }),
    $evaluators: Type.Optional(
      MapOf(JsonValueSchema, { description: 'Segment key → JSON Logic condition, for "$ref"' }),
    ),
    metadata: Type.Optional(MetadataView),
  },
  { title: 'FlagSetDocument' },
);

const names = Type.Array(Type.String());
export const ImportOutcomeSchema = Type.Object(
  { created: names, updated: names, unchanged: names, removed: names },
  { title: 'ImportOutcome' },
);

/** What an import did to the flags (top level) and the segments, with the new flag-set version. */
export const FlagSetImportResultSchema = Type.Object(
  {
    version: Type.Integer({ description: 'The new flag-set version (also the ETag)' }),
    ...ImportOutcomeSchema.properties,
    segments: ImportOutcomeSchema,
  },
  { title: 'FlagSetImportResult' },
);

export type ImportOutcomeMatches = Assert<SameShape<ImportOutcome, typeof ImportOutcomeSchema>>;
