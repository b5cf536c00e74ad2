import { Type } from '@sinclair/typebox';

/** Project and environment keys: lowercase slug. */
export const SlugKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', minLength: 1, maxLength: 64 });
/** A flag or segment key as a reference (the naming rule itself is checked on create). */
export const ResourceKey = Type.String({ minLength: 1, maxLength: 200 });
/** An SDK key or admin token id. */
export const ResourceId = Type.String({ minLength: 1, maxLength: 100 });
export const ShortText = Type.String({ maxLength: 200 });
export const LongText = Type.String({ maxLength: 4000 });
/** Any JSON value (variants, targeting, segment rules): shape checked by flag-set validation. */
export const AnyJson = Type.Unknown();
export const JsonObjectSchema = Type.Record(Type.String(), Type.Unknown());
export const MetadataSchema = Type.Record(
  Type.String({ minLength: 1, maxLength: 200 }),
  Type.Union([Type.String({ maxLength: 4000 }), Type.Number(), Type.Boolean()]),
  { maxProperties: 100 },
);
