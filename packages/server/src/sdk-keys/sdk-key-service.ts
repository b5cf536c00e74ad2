import { type Static, Type } from '@sinclair/typebox';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { conflict, notFound } from '../kernel/errors.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { Queryable } from '../storage/database.js';
import type { SdkKey, SdkKeyStore } from './sdk-key-store.js';

export const CreateSdkKeyPayload = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** `server`: may sync the whole flag set; `client`: OFREP evaluation only. */
    kind: Type.Union([Type.Literal('server'), Type.Literal('client')]),
  },
  { additionalProperties: false },
);

export function keyView(key: SdkKey, project: string, environment: string) {
  return {
    id: key.id,
    name: key.name,
    kind: key.kind,
    prefix: key.prefix,
    project,
    environment,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}

export type SdkKeyView = ReturnType<typeof keyView>;

export interface SdkKeyServiceDeps {
  db: Queryable;
  projects: (db: Queryable) => ProjectStore;
  environments: (db: Queryable) => EnvironmentStore;
  sdkKeys: (db: Queryable) => SdkKeyStore;
  /** After the commit: SDK requests accept the new key at once. */
  onCreated(key: SdkKey): void;
  /** After the commit: the key stops working at once, its open streams included. */
  onRevoked(key: SdkKey): void;
}

export class SdkKeyQueries {
  constructor(private readonly deps: SdkKeyServiceDeps) {}

  async list(actor: Actor, projectKey: string, environmentKey: string): Promise<SdkKeyView[]> {
    authorise(actor, 'admin', { project: projectKey, environment: environmentKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    const environment = await requireEnvironment(
      this.deps.environments(this.deps.db),
      project,
      environmentKey,
    );
    const keys = await this.deps.sdkKeys(this.deps.db).list(environment.id);
    return keys.map((k) => keyView(k, project.key, environment.key));
  }
}

export function sdkKeyCommands(deps: SdkKeyServiceDeps) {
  const environmentOf = (ctx: CommandContext) =>
    requireEnvironment(deps.environments(ctx.tx), ctx.project!, ctx.command.target.environment!);
  const resource = (ctx: CommandContext, environment: string, id: string) =>
    `projects/${ctx.project!.key}/environments/${environment}/sdk-keys/${id}`;
  return [
    defineCommand({
      action: 'sdk-key.create',
      summary: 'Create an SDK key; the answer is the only time the key is shown',
      target: ['project', 'environment'],
      payload: CreateSdkKeyPayload,
      permission: 'admin',
      scope: 'environment',
      unit: 'project',
      versioned: false,
      async run(ctx, payload: Static<typeof CreateSdkKeyPayload>) {
        const environment = await environmentOf(ctx);
        const { key, secret } = await deps.sdkKeys(ctx.tx).insert(environment.id, payload, ctx.now);
        const project = ctx.project!.key;
        ctx.audit({
          action: 'sdk-key.create',
          resourceType: 'sdk-key',
          resource: resource(ctx, environment.key, key.id),
          projectKey: project,
          environmentKey: environment.key,
          before: null,
          after: keyView(key, project, environment.key),
        });
        ctx.afterCommit(() => deps.onCreated(key));
        return { ...keyView(key, project, environment.key), key: secret };
      },
    }),
    defineCommand({
      action: 'sdk-key.revoke',
      summary: 'Revoke an SDK key (effective immediately, open streams included)',
      target: ['project', 'environment', 'id'],
      payload: Type.Object({}, { additionalProperties: false }),
      permission: 'admin',
      scope: 'environment',
      unit: 'project',
      versioned: false,
      async run(ctx) {
        const environment = await environmentOf(ctx);
        const id = ctx.command.target.id!;
        const store = deps.sdkKeys(ctx.tx);
        const current = await store.find(environment.id, id);
        if (!current) throw notFound(`SDK key "${id}" does not exist in environment "${environment.key}"`);
        if (current.revokedAt !== null) throw conflict(`SDK key "${current.id}" is already revoked`);
        const revoked = await store.revoke(current.id, ctx.now);
        const project = ctx.project!.key;
        ctx.audit({
          action: 'sdk-key.revoke',
          resourceType: 'sdk-key',
          resource: resource(ctx, environment.key, current.id),
          projectKey: project,
          environmentKey: environment.key,
          before: keyView(current, project, environment.key),
          after: keyView(revoked, project, environment.key),
        });
        ctx.afterCommit(() => deps.onRevoked(revoked));
        return keyView(revoked, project, environment.key);
      },
    }),
  ];
}
