import { Type } from '@sinclair/typebox';
import { roles } from '../kernel/access.js';
import { SlugKey } from '../kernel/field-schemas.js';

export const RoleSchema = Type.Union(roles.map((r) => Type.Literal(r)));

export const GrantSchema = Type.Object(
  {
    role: RoleSchema,
    /** Absent: every project the token reaches. */
    project: Type.Optional(SlugKey),
    /** Absent: the whole project. */
    environment: Type.Optional(SlugKey),
  },
  { additionalProperties: false, title: 'Grant' },
);

const accessFields = {
  /** The role wherever the token reaches. */
  role: RoleSchema,
  /** Limits the token to these projects (absent or null: every project, including later ones). */
  projects: Type.Optional(
    Type.Union([Type.Array(SlugKey, { minItems: 1, maxItems: 100, uniqueItems: true }), Type.Null()]),
  ),
  /** Raise the role in one project or one environment, e.g. editor of `development` only. */
  grants: Type.Optional(Type.Array(GrantSchema, { maxItems: 100 })),
  /**
   * Limits the token to these command actions (absent or null: every action its role allows), e.g.
   * `["rollout.rollback", "flag.kill"]` for Alertmanager. Such a token reads nothing through the admin API.
   */
  actions: Type.Optional(
    Type.Union([
      Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$', maxLength: 100 }), {
        maxItems: 50,
        uniqueItems: true,
      }),
      Type.Null(),
    ]),
  ),
};

export const CreateAdminTokenPayload = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), ...accessFields },
  { additionalProperties: false },
);

export const UpdateAdminTokenPayload = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(accessFields.role),
    projects: accessFields.projects,
    grants: accessFields.grants,
    actions: accessFields.actions,
  },
  { additionalProperties: false, minProperties: 1 },
);
