import { Type } from '@sinclair/typebox';
import { defineCommand } from '../commands/command-definition.js';
import type { CommandExecutor } from '../commands/command-executor.js';
import { systemActor } from '../kernel/actor.js';
import type { AdminTokenServiceDeps } from './admin-token-service.js';
import { tokenView } from './admin-token-service.js';

const SeedPayload = Type.Object(
  { name: Type.String(), secret: Type.Optional(Type.String({ minLength: 16 })) },
  { additionalProperties: false },
);

/** First start: an admin token that reaches everything (with the configured secret, or a random one). */
export function seedAdminTokenCommand(deps: AdminTokenServiceDeps) {
  return defineCommand({
    action: 'admin-token.seed',
    summary: 'First start: create an admin token',
    target: [],
    payload: SeedPayload,
    permission: 'admin',
    scope: 'server',
    unit: 'server',
    versioned: false,
    systemOnly: true,
    async run(ctx, payload: { name: string; secret?: string }) {
      const created = await deps
        .adminTokens(ctx.tx, deps.dialect)
        .insert({ role: 'admin', projects: null, grants: [], actions: null, ...payload }, ctx.now);
      ctx.audit({
        action: 'admin-token.create',
        resourceType: 'admin-token',
        resource: `admin-tokens/${created.token.id}`,
        before: null,
        after: tokenView(created.token),
      });
      return created.secret;
    },
  });
}

/**
 * `configured` (SWITCHYARD_ADMIN_TOKEN) is admitted as an admin token if it is not stored yet.
 * Without it, the very first start creates a random admin token and returns it, the only time
 * it exists in clear; later starts return undefined.
 */
export async function seedAdminToken(
  deps: AdminTokenServiceDeps,
  commands: CommandExecutor,
  configured: string | undefined,
): Promise<string | undefined> {
  const store = deps.adminTokens(deps.db, deps.dialect);
  const seed = (payload: { name: string; secret?: string }) =>
    commands.execute({
      command: { action: 'admin-token.seed', target: {}, payload },
      actor: systemActor,
      requestId: 'first-start',
    }) as Promise<string>;
  if (configured !== undefined) {
    if (!(await store.hashExists(configured)))
      await seed({ name: 'SWITCHYARD_ADMIN_TOKEN', secret: configured });
    return undefined;
  }
  if ((await store.list()).length > 0) return undefined;
  return seed({ name: 'first-start admin token' });
}
