import { Type } from '@sinclair/typebox';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { codeReferenceListView } from './code-reference-service.js';
import type { uploadView, usageView } from './code-reference-view.js';

export const CodeReferenceUploadSchema = Type.Object(
  {
    project: Type.String(),
    repository: Type.String(),
    commit: Type.String(),
    branch: Nullable(Type.String()),
    uploadedAt: Timestamp,
    uploadedBy: Type.String({ description: 'The name of the admin token that uploaded' }),
    references: Type.Integer(),
    flags: Type.Integer({ description: 'Distinct flag keys referenced' }),
  },
  { title: 'CodeReferenceUpload' },
);

export const CodeReferenceUsageSchema = Type.Object(
  {
    references: Type.Integer({ description: 'Places in code that use the flag, over every repository' }),
    repositories: Type.Integer(),
    lastUploadedAt: Nullable(Timestamp),
  },
  {
    title: 'CodeReferenceUsage',
    description:
      "How much code uses a flag, as of lastUploadedAt: the project's latest upload of code references (null: none yet)",
  },
);

export const CodeReferenceListSchema = Type.Object(
  {
    project: Type.String(),
    lastUploadedAt: Nullable(Timestamp),
    repositories: Type.Array(CodeReferenceUploadSchema, {
      description: "Each repository's last upload: what its references are as of",
    }),
    flags: Type.Array(
      Type.Object({ flag: Type.String(), references: Type.Integer(), repositories: Type.Integer() }),
      { description: 'Per flag key referenced (and the ?flag asked about, even without references)' },
    ),
    references: Type.Array(
      Type.Object({
        flag: Type.String(),
        repository: Type.String(),
        file: Type.String(),
        line: Type.Integer({ minimum: 1 }),
      }),
      { description: 'By flag, repository, file and line' },
    ),
  },
  { title: 'CodeReferenceList' },
);

export type UploadViewMatches = Assert<
  SameShape<ReturnType<typeof uploadView>, typeof CodeReferenceUploadSchema>
>;
export type UsageViewMatches = Assert<
  SameShape<ReturnType<typeof usageView>, typeof CodeReferenceUsageSchema>
>;
export type ListViewMatches = Assert<
  SameShape<ReturnType<typeof codeReferenceListView>, typeof CodeReferenceListSchema>
>;
