import { Type } from '@sinclair/typebox';
import { type Assert, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { environmentView } from './environment-service.js';

export const EnvironmentSchema = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    project: Type.String({ description: 'Project key' }),
    version: Type.Integer({ description: 'Flag-set version: +1 with every change to its flagd document' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Environment' },
);

export const EnvironmentListSchema = Type.Object(
  { environments: Type.Array(EnvironmentSchema) },
  { title: 'EnvironmentList' },
);

export type EnvironmentViewMatches = Assert<
  SameShape<ReturnType<typeof environmentView>, typeof EnvironmentSchema>
>;
