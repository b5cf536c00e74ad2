import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { Queryable } from '../storage/database.js';
import { readConsistently } from '../storage/transaction.js';
import type { CodeReference, CodeReferenceStore, CodeReferenceUpload } from './code-reference-store.js';
import { latestUpload, uploadView } from './code-reference-view.js';

export interface CodeReferenceQueryDeps {
  db: Queryable;
  projects: (db: Queryable) => ProjectStore;
  codeReferences: (db: Queryable) => CodeReferenceStore;
}

export interface CodeReferenceFilter {
  flag?: string | undefined;
  repository?: string | undefined;
}

/** Who uses which flag where, as the repositories' last uploads said. */
export class CodeReferenceQueries {
  constructor(private readonly deps: CodeReferenceQueryDeps) {}

  async list(actor: Actor, projectKey: string, filter: CodeReferenceFilter) {
    authorise(actor, 'read', { project: projectKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    // One snapshot: an upload landing between the reads would mix two of a repository's uploads.
    const { uploads, references } = await readConsistently(this.deps.db, async (tx) => {
      const store = this.deps.codeReferences(tx);
      return {
        uploads: await store.listUploads(project.id),
        references: await store.listReferences(project.id, filter),
      };
    });
    return codeReferenceListView(project.key, uploads, references, filter);
  }
}

export function codeReferenceListView(
  projectKey: string,
  uploads: readonly CodeReferenceUpload[],
  references: readonly CodeReference[],
  filter: CodeReferenceFilter,
) {
  const perFlag = new Map<string, { references: number; repositories: Set<string> }>();
  if (filter.flag !== undefined) perFlag.set(filter.flag, { references: 0, repositories: new Set() });
  for (const reference of references) {
    const entry = perFlag.get(reference.flag) ?? { references: 0, repositories: new Set<string>() };
    entry.references++;
    entry.repositories.add(reference.repository);
    perFlag.set(reference.flag, entry);
  }
  return {
    project: projectKey,
    lastUploadedAt: latestUpload(uploads),
    repositories: uploads
      .filter((upload) => filter.repository === undefined || upload.repository === filter.repository)
      .map((upload) => uploadView(upload, projectKey)),
    flags: [...perFlag.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([flag, entry]) => ({
        flag,
        references: entry.references,
        repositories: entry.repositories.size,
      })),
    references: references.map(({ flag, repository, file, line }) => ({ flag, repository, file, line })),
  };
}
