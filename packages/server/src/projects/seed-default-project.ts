import { createEnvironment } from '../environments/create-environment.js';
import type { Db } from '../storage/database.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import { systemActor } from '../write-path/actor.js';
import type { WritePath } from '../write-path/write-path.js';
import { projectView } from './project-routes.js';
import { insertProject } from './project-store.js';

/** First start: a `default` project with `development` and `production`. Later starts change nothing. */
export async function seedDefaultProject(db: Db, writes: WritePath): Promise<boolean> {
  const any = await db.selectFrom('projects').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  try {
    await writes.commitNewProject({ actor: systemActor, requestId: 'first-start' }, async (scope) => {
      const project = await insertProject(
        scope.tx,
        { key: 'default', name: 'Default', description: 'Created on first start' },
        scope.now,
      );
      scope.audit({
        action: 'project.create',
        resourceType: 'project',
        resource: 'projects/default',
        projectKey: 'default',
        before: null,
        after: projectView(project),
      });
      await createEnvironment(scope, project, { key: 'development', name: 'Development' });
      await createEnvironment(scope, project, { key: 'production', name: 'Production' });
      return { project, result: project };
    });
    return true;
  } catch (error) {
    // Another replica seeded at the same moment.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
