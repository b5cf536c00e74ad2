import { Type } from '@sinclair/typebox';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import { GrantSchema, RoleSchema } from './admin-token-schemas.js';
import type { tokenView } from './admin-token-service.js';

const adminTokenFields = {
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  projects: Nullable(Type.Array(Type.String())),
  grants: Type.Array(GrantSchema),
  actions: Nullable(
    Type.Array(Type.String(), {
      description: 'The command actions the token is limited to; null: not limited',
    }),
  ),
  prefix: Type.String({ description: 'The start of the token, to recognise it' }),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
};

/** An admin token without the token itself (only its hash is stored). */
export const AdminTokenSchema = Type.Object(adminTokenFields, { title: 'AdminToken' });

export const AdminTokenListSchema = Type.Object(
  { adminTokens: Type.Array(AdminTokenSchema) },
  { title: 'AdminTokenList' },
);

/** The answer to creating a token: the only time `token` is ever shown. */
export const CreatedAdminTokenSchema = Type.Object(
  { ...adminTokenFields, token: Type.String({ description: 'The admin token; not retrievable again' }) },
  { title: 'CreatedAdminToken' },
);

export type AdminTokenViewMatches = Assert<SameShape<ReturnType<typeof tokenView>, typeof AdminTokenSchema>>;
