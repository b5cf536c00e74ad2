import type { FlagSetDocument } from '@switchyard/core';
import type { Environment, EnvironmentStore } from '../environments/environment-store.js';
import type { FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import type { FlagConfigStore } from '../flags/flag-config-store.js';
import type { FlagStore } from '../flags/flag-store.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { SegmentStore } from '../segments/segment-store.js';
import type { Db, Queryable } from '../storage/database.js';
import { readConsistently } from '../storage/transaction.js';
import { buildEnvironmentDocument } from './environment-document.js';

export interface EnvironmentDocument {
  environment: Environment;
  document: FlagSetDocument;
}

export interface EnvironmentDocumentsDeps {
  projects: (db: Queryable) => ProjectStore;
  environments: (db: Queryable) => EnvironmentStore;
  flags: (db: Queryable) => FlagStore;
  flagConfigs: (db: Queryable) => FlagConfigStore;
  segments: (db: Queryable) => SegmentStore;
}

/** Builds environments' flagd documents from the management model. */
export class EnvironmentDocuments {
  constructor(private readonly deps: EnvironmentDocumentsDeps) {}

  /**
   * The document of every environment of a project. Several queries: run it in
   * `readConsistently` (or in a write holding the project lock) so that they agree.
   */
  async load(db: Queryable, projectId: string): Promise<EnvironmentDocument[]> {
    const environments = await this.deps.environments(db).list(projectId);
    const ids = environments.map((e) => e.id);
    const [flags, configs, segments] = await Promise.all([
      this.deps.flags(db).list(projectId),
      this.deps.flagConfigs(db).listOfEnvironments(ids),
      this.deps.segments(db).list(ids),
    ]);
    return environments.map((environment) => ({
      environment,
      document: buildEnvironmentDocument(environment, flags, configs, segments),
    }));
  }

  /** One project's documents, read from one snapshot. */
  loadConsistently(db: Db, projectId: string): Promise<EnvironmentDocument[]> {
    return readConsistently(db, (tx) => this.load(tx, projectId));
  }

  /**
   * Every environment's flag set, as committed, into the registry (at start, and when a replica
   * resynchronises). Returns the ids of the environments that exist.
   */
  async publishAll(db: Db, registry: FlagSetRegistry): Promise<Set<string>> {
    const present = new Set<string>();
    for (const project of await this.deps.projects(db).list()) {
      for (const { environment, document } of await this.loadConsistently(db, project.id)) {
        registry.publish(
          { environmentId: environment.id, projectKey: project.key, environmentKey: environment.key },
          document,
          environment.version,
        );
        present.add(environment.id);
      }
    }
    return present;
  }
}
