import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { Queryable } from '../storage/database.js';
import type { LifecycleStore } from './lifecycle-store.js';
import { type LifecycleView, lifecycleView } from './lifecycle-view.js';

export class LifecycleQueries {
  constructor(
    private readonly deps: {
      db: Queryable;
      projects: (db: Queryable) => ProjectStore;
      lifecycle: (db: Queryable) => LifecycleStore;
    },
  ) {}

  async get(actor: Actor, projectKey: string): Promise<LifecycleView> {
    authorise(actor, 'read', { project: projectKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    return lifecycleView(project.key, await this.deps.lifecycle(this.deps.db).get(project.id));
  }
}
