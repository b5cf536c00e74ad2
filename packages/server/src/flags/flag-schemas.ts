import { Type } from '@sinclair/typebox';
import { AnyJson, LongText, MetadataSchema, ShortText } from '../http/common-schemas.js';
import { flagKinds } from './flag-store.js';

export const FlagKindSchema = Type.Union(flagKinds.map((k) => Type.Literal(k)));
export const VariantsSchema = Type.Record(Type.String({ minLength: 1, maxLength: 200 }), AnyJson, {
  minProperties: 1,
  maxProperties: 1000,
});
export const TagsSchema = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  maxItems: 100,
  uniqueItems: true,
});

/** The create body; `keyPattern` is the configured flag-key naming rule. */
export const createFlagBody = (keyPattern: string) =>
  Type.Object(
    {
      key: Type.String({ minLength: 1, maxLength: 200, pattern: keyPattern }),
      name: Type.Optional(ShortText),
      description: Type.Optional(LongText),
      kind: Type.Optional(FlagKindSchema),
      owner: Type.Optional(ShortText),
      tags: Type.Optional(TagsSchema),
      variants: VariantsSchema,
      /** Default variant of the new (DISABLED) configuration in every environment; the first variant if absent. */
      defaultVariant: Type.Optional(Type.String({ minLength: 1 })),
      metadata: Type.Optional(MetadataSchema),
    },
    { additionalProperties: false },
  );

export const PatchFlagBody = Type.Object(
  {
    name: Type.Optional(ShortText),
    description: Type.Optional(LongText),
    kind: Type.Optional(FlagKindSchema),
    owner: Type.Optional(ShortText),
    tags: Type.Optional(TagsSchema),
    variants: Type.Optional(VariantsSchema),
    metadata: Type.Optional(Type.Union([MetadataSchema, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListFlagsQuery = Type.Object(
  { kind: Type.Optional(FlagKindSchema), tag: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
