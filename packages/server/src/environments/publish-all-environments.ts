import type { FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import { listProjects } from '../projects/project-store.js';
import type { Db } from '../storage/database.js';
import { loadProjectDocuments } from './load-environment-documents.js';

/** At start: every environment's flag set, as committed, into the registry. */
export async function publishAllEnvironments(db: Db, registry: FlagSetRegistry): Promise<number> {
  let count = 0;
  for (const project of await listProjects(db)) {
    const documents = await db.transaction().execute((tx) => loadProjectDocuments(tx, project.id));
    for (const { environment, document } of documents) {
      registry.publish(
        { environmentId: environment.id, projectKey: project.key, environmentKey: environment.key },
        document,
        environment.version,
      );
      count++;
    }
  }
  return count;
}
