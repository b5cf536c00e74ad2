import { Type } from '@sinclair/typebox';
import { AnyJson, JsonObjectSchema, LongText, MetadataSchema, ShortText } from '../kernel/field-schemas.js';
import { maxFlagKeyLength } from './flag-key-rule.js';
import { flagKinds } from './flag-store.js';

export const flagListViews = ['full', 'summary'] as const;

export const FlagKindSchema = Type.Union(flagKinds.map((k) => Type.Literal(k)));
export const VariantsSchema = Type.Record(Type.String({ minLength: 1, maxLength: 200 }), AnyJson, {
  minProperties: 1,
  maxProperties: 1000,
});
export const TagsSchema = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  maxItems: 100,
  uniqueItems: true,
});

/** The create payload; `keyPattern` is the configured flag-key naming rule. */
export const createFlagPayload = (keyPattern: string) =>
  Type.Object(
    {
      key: Type.String({ minLength: 1, maxLength: maxFlagKeyLength, pattern: keyPattern }),
      name: Type.Optional(ShortText),
      description: Type.Optional(LongText),
      kind: Type.Optional(FlagKindSchema),
      owner: Type.Optional(ShortText),
      tags: Type.Optional(TagsSchema),
      variants: VariantsSchema,
      /**
       * Default variant of the new (DISABLED) configuration in every environment, and of
       * environments created later. Absent: a boolean flag's false-valued variant, else the first.
       */
      defaultVariant: Type.Optional(Type.String({ minLength: 1 })),
      /** What a kill switch or a rollback serves. Absent: the false variant of a boolean flag, else the default variant. */
      safeVariant: Type.Optional(Type.String({ minLength: 1 })),
      metadata: Type.Optional(MetadataSchema),
    },
    { additionalProperties: false },
  );

export const UpdateFlagPayload = Type.Object(
  {
    name: Type.Optional(ShortText),
    description: Type.Optional(LongText),
    kind: Type.Optional(FlagKindSchema),
    owner: Type.Optional(ShortText),
    tags: Type.Optional(TagsSchema),
    variants: Type.Optional(VariantsSchema),
    metadata: Type.Optional(Type.Union([MetadataSchema, Type.Null()])),
    /** null: back to the default rule (the off variant, else the default variant). */
    safeVariant: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListFlagsQuery = Type.Object(
  {
    kind: Type.Optional(FlagKindSchema),
    tag: Type.Optional(Type.String({ maxLength: 100 })),
    /** true: only stale flags; false: only flags that are not stale. */
    stale: Type.Optional(Type.Boolean()),
    /** true: only archived flags; absent or false: only live ones. */
    archived: Type.Optional(Type.Boolean()),
    /** full (the default): whole flag documents; summary: only what a list of flags shows. */
    view: Type.Optional(Type.Union(flagListViews.map((v) => Type.Literal(v)))),
  },
  { additionalProperties: false },
);

export const FlagStateSchema = Type.Union([Type.Literal('ENABLED'), Type.Literal('DISABLED')]);
const DefaultVariantSchema = Type.Union([Type.String({ minLength: 1 }), Type.Null()]);
const TargetingSchema = Type.Union([JsonObjectSchema, Type.Null()]);

/** Replaces the whole configuration (absent targeting: none). */
export const ReplaceFlagConfigPayload = Type.Object(
  { state: FlagStateSchema, defaultVariant: DefaultVariantSchema, targeting: Type.Optional(TargetingSchema) },
  { additionalProperties: false },
);

/** Changes the fields given. */
export const UpdateFlagConfigPayload = Type.Object(
  {
    state: Type.Optional(FlagStateSchema),
    defaultVariant: Type.Optional(DefaultVariantSchema),
    targeting: Type.Optional(TargetingSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
