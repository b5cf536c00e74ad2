import type { Flag, FlagStore } from '../flags/flag-store.js';
import { type Permission, reaches, type Scope } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import { authoriseReach } from '../kernel/authorise.js';
import { AppError, forbidden, validationFailed } from '../kernel/errors.js';
import type { Queryable } from '../storage/database.js';

/** The project a tool's request means when it names none. */
export const defaultProject = 'default';

/** A key as the caller gave it (or not), and where it was given: problems point there. */
export interface GivenKey {
  value: string | undefined;
  path: string;
}

export interface TargetQuery {
  project: GivenKey;
  environment: GivenKey;
  flag: GivenKey & { value: string };
}

/** What a tool's request is about, found and checked. */
export interface Target {
  project: { id: string; key: string };
  environment: { id: string; key: string };
  flag: Flag;
}

/**
 * What the request needs of the token where it applies: its role and reach (`permission`), and,
 * when it will run commands, one of those actions.
 */
export interface TargetNeed {
  permission: Permission;
  actions?: readonly string[];
}

export interface IntegrationTargetDeps {
  db: Queryable;
  flags: (db: Queryable) => FlagStore;
}

/**
 * Finds the project, environment and flag a tool names, with the defaults the tools rely on: the
 * `default` project, and the one environment the token can act in when none is named.
 */
export function integrationTargets(deps: IntegrationTargetDeps) {
  const fits = (actor: Actor, need: TargetNeed, scope: Scope) =>
    reaches(actor.access, need.permission, scope) &&
    (need.actions === undefined ||
      actor.access.actions === null ||
      actor.access.actions === undefined ||
      need.actions.some((action) => actor.access.actions!.includes(action)));

  async function resolve(actor: Actor, query: TargetQuery, need: TargetNeed): Promise<Target> {
    const projectKey = query.project.value ?? defaultProject;
    // Nothing about a project the token cannot see is told, not even whether it exists.
    authoriseReach(actor, 'read', { project: projectKey });
    const project = await deps.db
      .selectFrom('projects')
      .select(['id', 'key'])
      .where('key', '=', projectKey)
      .executeTakeFirst();
    if (!project) throw missing(`project "${projectKey}" does not exist`, query.project.path);
    const environments = await deps.db
      .selectFrom('environments')
      .select(['id', 'key'])
      .where('project_id', '=', project.id)
      .orderBy('key')
      .execute();
    const environment = chooseEnvironment(actor, query, need, projectKey, environments);
    const flag = await deps.flags(deps.db).find(project.id, query.flag.value);
    if (!flag)
      throw missing(`flag "${query.flag.value}" does not exist in project "${projectKey}"`, query.flag.path);
    return { project, environment, flag };
  }

  function chooseEnvironment(
    actor: Actor,
    query: TargetQuery,
    need: TargetNeed,
    projectKey: string,
    environments: { id: string; key: string }[],
  ) {
    const named = query.environment.value;
    if (named !== undefined) {
      const found = environments.find((e) => e.key === named);
      if (!found)
        throw missing(
          `environment "${named}" does not exist in project "${projectKey}"`,
          query.environment.path,
        );
      authoriseReach(actor, need.permission, { project: projectKey, environment: named });
      return found;
    }
    const usable = environments.filter((e) => fits(actor, need, { project: projectKey, environment: e.key }));
    if (usable.length === 1) return usable[0]!;
    const verb = need.permission === 'read' ? 'read' : 'act in';
    if (usable.length === 0) {
      throw forbidden(`the admin token cannot ${verb} any environment of project "${projectKey}"`);
    }
    throw validationFailed([
      {
        path: query.environment.path,
        message: `is required: the token can ${verb} ${usable.length} environments of project "${projectKey}" (${usable.map((e) => e.key).join(', ')}); name one`,
      },
    ]);
  }

  return { resolve };
}

export type IntegrationTargets = ReturnType<typeof integrationTargets>;

function missing(message: string, path: string): AppError {
  return new AppError('NOT_FOUND', message, [{ path, message }]);
}
