import { saveFlagConfig } from '../flag-configs/flag-config-store.js';
import { listFlags } from '../flags/flag-store.js';
import type { Project } from '../projects/project-store.js';
import type { ChangeScope } from '../write-path/write-path.js';
import { type Environment, insertEnvironment } from './environment-store.js';

export function environmentView(environment: Environment, projectKey: string) {
  return {
    key: environment.key,
    name: environment.name,
    project: projectKey,
    version: environment.version,
    createdAt: environment.createdAt,
    updatedAt: environment.updatedAt,
  };
}

/**
 * Creates an environment with every existing flag configured DISABLED (serving its first variant
 * once enabled), so the new environment's flag set lists the project's flags from the start.
 */
export async function createEnvironment(
  scope: ChangeScope,
  project: Pick<Project, 'id' | 'key'>,
  input: { key: string; name?: string | undefined },
): Promise<Environment> {
  const environment = await insertEnvironment(
    scope.tx,
    project.id,
    { key: input.key, name: input.name ?? input.key },
    scope.now,
  );
  for (const flag of await listFlags(scope.tx, project.id)) {
    const fields = {
      state: 'DISABLED' as const,
      defaultVariant: Object.keys(flag.variants)[0] ?? null,
      targeting: null,
    };
    await saveFlagConfig(scope.tx, flag.id, environment.id, fields, undefined, scope.now);
  }
  scope.audit({
    action: 'environment.create',
    resourceType: 'environment',
    resource: `projects/${project.key}/environments/${environment.key}`,
    projectKey: project.key,
    environmentKey: environment.key,
    before: null,
    after: environmentView(environment, project.key),
  });
  return environment;
}
