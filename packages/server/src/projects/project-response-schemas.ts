import { Type } from '@sinclair/typebox';
import { type Assert, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { projectView } from './project-service.js';

export const ProjectSchema = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    description: Type.String(),
    version: Type.Integer({ description: 'Also the ETag' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Project' },
);

export const ProjectListSchema = Type.Object(
  { projects: Type.Array(ProjectSchema) },
  { title: 'ProjectList' },
);

export type ProjectViewMatches = Assert<SameShape<ReturnType<typeof projectView>, typeof ProjectSchema>>;
