import { Type } from '@sinclair/typebox';
import { GrantSchema, RoleSchema } from '../admin-tokens/admin-token-schemas.js';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { SessionView } from './session-service.js';

export const SignInBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 512, description: 'An admin token (sy_admin_…)' }) },
  { additionalProperties: false },
);

export const SessionSchema = Type.Object(
  {
    csrfToken: Type.String({
      description: 'Send it as the x-csrf-token header on every request other than GET, HEAD, OPTIONS',
    }),
    expiresAt: Timestamp,
    actor: Type.Object({
      id: Type.String(),
      name: Type.String(),
      role: RoleSchema,
      projects: Nullable(Type.Array(Type.String())),
      grants: Type.Array(GrantSchema),
      actions: Nullable(Type.Array(Type.String())),
    }),
  },
  { title: 'Session' },
);

export type SessionViewMatches = Assert<SameShape<SessionView, typeof SessionSchema>>;
