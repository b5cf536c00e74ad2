import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { JsonValue } from '@switchyard/core';

import {
  AnyJson,
  JsonObjectSchema,
  LongText,
  MetadataSchema,
  ResourceKey,
  ShortText,
  SlugKey,
} from '../kernel/field-schemas.js';

export { AnyJson, JsonObjectSchema, LongText, MetadataSchema, ResourceKey, ShortText, SlugKey };

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

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      issues: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    }),
  },
  { title: 'Error' },
);

/** Documents the error answers every admin route can give (used by the OpenAPI document). */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries([400, 401, 403, ...statuses].map((s) => [s, ErrorSchema]));
}

// Response schemas. Fastify serialises answers through them, keeping only the properties they list
// (in their order): each must name exactly what its view returns. A `title` makes the OpenAPI
// document publish the schema once, as a named component.

/** Any JSON value, written out as is (variants, targeting, segment rules, audit states). */
export const JsonValueSchema = Type.Unsafe<JsonValue>({});
/** An object with arbitrary keys; `additionalProperties` is what client generators turn into a map. */
export const MapOf = <T extends TSchema>(value: T, options: { description?: string } = {}) =>
  Type.Unsafe<Record<string, Static<T>>>({ type: 'object', additionalProperties: value, ...options });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Timestamp = Type.String({ format: 'date-time' });
/**
 * Flag and flag-set metadata. Writes accept scalar values only; the answer writes each value as
 * stored, so a schema mismatch can never turn a read into a serialisation failure.
 */
export const MetadataView = MapOf(Type.Unsafe<string | number | boolean>({}), {
  description: 'string, number or boolean values',
});
/** A 204 answer: no body. */
export const NoContent = Type.Null({ description: 'No content' });

/**
 * Compile-time check that a view and its response schema describe the same fields (mutually
 * assignable): a field the view returns but the schema omits would silently disappear.
 */
export type SameShape<View, Schema extends TSchema> = [View] extends [Static<Schema>]
  ? [Static<Schema>] extends [View]
    ? true
    : false
  : false;
export type Assert<T extends true> = T;
