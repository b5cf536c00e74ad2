import { Type } from '@sinclair/typebox';
import {
  type Assert,
  JsonValueSchema,
  MapOf,
  Nullable,
  type SameShape,
  Timestamp,
} from '../http/common-schemas.js';
import type { flagConfigView } from './flag-view.js';

const configFields = {
  state: Type.Union([Type.Literal('ENABLED'), Type.Literal('DISABLED')]),
  defaultVariant: Nullable(Type.String()),
  targeting: Nullable(MapOf(JsonValueSchema, { description: 'A JSON Logic rule' })),
  version: Type.Integer({ description: 'Also the ETag' }),
  updatedAt: Timestamp,
};

/** A flag's configuration in one environment, as listed in the flag's `environments`. */
export const FlagConfigSchema = Type.Object(configFields, { title: 'FlagConfiguration' });

/** The same configuration answered on its own route, naming what it belongs to. */
export const EnvironmentFlagConfigSchema = Type.Object(
  { project: Type.String(), environment: Type.String(), flag: Type.String(), ...configFields },
  { title: 'EnvironmentFlagConfiguration' },
);

export type FlagConfigViewMatches = Assert<
  SameShape<ReturnType<typeof flagConfigView>, typeof FlagConfigSchema>
>;
