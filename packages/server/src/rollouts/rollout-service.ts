import { requireEnvironment } from '../environments/environment-service.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { notFound } from '../kernel/errors.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { DialectName, Queryable } from '../storage/database.js';
import type { RolloutStore } from './rollout-store.js';
import { eventView, type RolloutView, rolloutView } from './rollout-view.js';

export interface RolloutQueryDeps {
  db: Queryable;
  dialect: DialectName;
  projects: (db: Queryable) => ProjectStore;
  environments: (db: Queryable) => EnvironmentStore;
  rollouts: (db: Queryable, dialect: DialectName) => RolloutStore;
}

export class RolloutQueries {
  constructor(private readonly deps: RolloutQueryDeps) {}

  async list(actor: Actor, projectKey: string, environmentKey: string): Promise<RolloutView[]> {
    const environment = await this.#environment(actor, projectKey, environmentKey);
    const rollouts = await this.deps.rollouts(this.deps.db, this.deps.dialect).list(environment.id);
    return rollouts.map((r) => rolloutView(r, projectKey, environmentKey));
  }

  /** One rollout with its timeline: every decision, the metrics it looked at, and people's actions. */
  async get(actor: Actor, projectKey: string, environmentKey: string, id: string) {
    const environment = await this.#environment(actor, projectKey, environmentKey);
    const store = this.deps.rollouts(this.deps.db, this.deps.dialect);
    const rollout = await store.find(id);
    if (!rollout || rollout.environmentId !== environment.id) {
      throw notFound(`rollout "${id}" does not exist in environment "${environmentKey}"`);
    }
    const timeline = (await store.events(rollout.id)).map(eventView);
    return { ...rolloutView(rollout, projectKey, environmentKey), timeline };
  }

  async #environment(actor: Actor, projectKey: string, environmentKey: string) {
    authorise(actor, 'read', { project: projectKey, environment: environmentKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    return requireEnvironment(this.deps.environments(this.deps.db), project, environmentKey);
  }
}
