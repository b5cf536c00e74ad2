import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { notFound } from '../kernel/errors.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { Db, Queryable } from '../storage/database.js';
import type { EnvironmentDocument, EnvironmentDocuments } from './environment-documents.js';

export class FlagSetQueries {
  constructor(
    private readonly deps: {
      db: Db;
      projects: (db: Queryable) => ProjectStore;
      documents: EnvironmentDocuments;
    },
  ) {}

  /** The environment's document and the version it is at, read from one snapshot. */
  async get(actor: Actor, projectKey: string, environmentKey: string): Promise<EnvironmentDocument> {
    authorise(actor, 'read', { project: projectKey, environment: environmentKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    const documents = await this.deps.documents.loadConsistently(this.deps.db, project.id);
    const current = documents.find((d) => d.environment.key === environmentKey);
    if (!current)
      throw notFound(`environment "${environmentKey}" does not exist in project "${project.key}"`);
    return current;
  }
}
