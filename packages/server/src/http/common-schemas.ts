import { type TSchema, Type } from '@sinclair/typebox';

/** Project and environment keys: lowercase slug. */
export const SlugKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', minLength: 1, maxLength: 64 });
/** Path parameter for a flag or segment key; the naming rule itself is checked on create. */
export const ResourceKey = Type.String({ minLength: 1, maxLength: 200 });
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

export const ProjectParams = Type.Object({ project: SlugKey }, { additionalProperties: false });
export const EnvironmentParams = Type.Object(
  { project: SlugKey, env: SlugKey },
  { additionalProperties: false },
);
export const FlagParams = Type.Object(
  { project: SlugKey, flag: ResourceKey },
  { additionalProperties: false },
);
export const EnvironmentFlagParams = Type.Object(
  { project: SlugKey, env: SlugKey, flag: ResourceKey },
  { additionalProperties: false },
);

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    issues: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  }),
});

/** Documents the error answers every admin route can give (used by the OpenAPI document). */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries([400, 401, 403, ...statuses].map((s) => [s, ErrorSchema]));
}
