import { requireEnvironment } from '../environments/environment-service.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { notFound } from '../kernel/errors.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { Queryable } from '../storage/database.js';
import type { ApprovalPolicyView } from './approval-policy-commands.js';
import type { ChangeRequestStatus, ChangeRequestStore } from './change-request-store.js';
import { type ChangeRequestView, changeRequestView } from './change-request-view.js';

export interface ChangeRequestQueryDeps {
  db: Queryable;
  projects: (db: Queryable) => ProjectStore;
  environments: (db: Queryable) => EnvironmentStore;
  changeRequests: (db: Queryable) => ChangeRequestStore;
}

/** Reading change requests and approval policies: whoever reads the project. */
export class ChangeRequestQueries {
  constructor(private readonly deps: ChangeRequestQueryDeps) {}

  async list(
    actor: Actor,
    projectKey: string,
    filter: { status?: ChangeRequestStatus | undefined; environment?: string | undefined },
  ): Promise<ChangeRequestView[]> {
    const { project, store } = await this.#project(actor, projectKey);
    const policies = await store.policies(project.id);
    const requests = await store.list(project.id, filter);
    return requests.map((r) => changeRequestView(project.key, r, policies));
  }

  async get(actor: Actor, projectKey: string, id: string): Promise<ChangeRequestView> {
    const { project, store } = await this.#project(actor, projectKey);
    const request = await store.find(project.id, id);
    if (!request) throw notFound(`change request "${id}" of project "${projectKey}" does not exist`);
    return changeRequestView(project.key, request, await store.policies(project.id));
  }

  async policy(actor: Actor, projectKey: string, environmentKey: string): Promise<ApprovalPolicyView> {
    authorise(actor, 'read', { project: projectKey, environment: environmentKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    const environment = await requireEnvironment(
      this.deps.environments(this.deps.db),
      project,
      environmentKey,
    );
    const policy = (await this.deps.changeRequests(this.deps.db).policies(project.id)).find(
      (p) => p.environmentId === environment.id,
    );
    if (!policy) {
      throw notFound(`environment "${environmentKey}" of project "${projectKey}" has no approval policy`);
    }
    const { environmentId: _, ...view } = policy;
    return { project: project.key, ...view };
  }

  async #project(actor: Actor, projectKey: string) {
    authorise(actor, 'read', { project: projectKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    return { project, store: this.deps.changeRequests(this.deps.db) };
  }
}
