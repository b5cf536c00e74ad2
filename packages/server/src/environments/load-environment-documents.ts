import type { FlagSetDocument } from '@switchyard/core';
import { listConfigsOfEnvironments } from '../flag-configs/flag-config-store.js';
import { listFlags } from '../flags/flag-store.js';
import { listSegments } from '../segments/segment-store.js';
import type { Db } from '../storage/database.js';
import type { Tx } from '../storage/transaction.js';
import { buildEnvironmentDocument } from './environment-document.js';
import { type Environment, listEnvironments } from './environment-store.js';

export interface EnvironmentDocument {
  environment: Environment;
  document: FlagSetDocument;
}

/**
 * Builds the flag-set document of every environment of a project. Several queries: run it in
 * `readConsistently` (or in a write holding the project lock) so that they agree.
 */
export async function loadProjectDocuments(db: Db | Tx, projectId: string): Promise<EnvironmentDocument[]> {
  const environments = await listEnvironments(db, projectId);
  const ids = environments.map((e) => e.id);
  const [flags, configs, segments] = await Promise.all([
    listFlags(db, projectId),
    listConfigsOfEnvironments(db, ids),
    listSegments(db, ids),
  ]);
  return environments.map((environment) => ({
    environment,
    document: buildEnvironmentDocument(environment, flags, configs, segments),
  }));
}
