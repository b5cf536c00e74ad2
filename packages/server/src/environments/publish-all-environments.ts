import type { FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import { listProjects } from '../projects/project-store.js';
import type { Db } from '../storage/database.js';
import { readConsistently } from '../storage/transaction.js';
import { loadProjectDocuments } from './load-environment-documents.js';

/**
 * Every environment's flag set, as committed, into the registry (at start, and when a replica
 * resynchronises). Returns the ids of the environments that exist.
 */
export async function publishAllEnvironments(db: Db, registry: FlagSetRegistry): Promise<Set<string>> {
  const present = new Set<string>();
  for (const project of await listProjects(db)) {
    const documents = await readConsistently(db, (tx) => loadProjectDocuments(tx, project.id));
    for (const { environment, document } of documents) {
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
