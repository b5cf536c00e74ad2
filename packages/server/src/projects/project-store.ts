import { randomUUID } from 'node:crypto';
import type { Db, ProjectTable } from '../storage/database.js';
import type { Tx } from '../storage/transaction.js';

export interface Project {
  id: string;
  key: string;
  name: string;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toProject(row: ProjectTable): Project {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listProjects(db: Db | Tx): Promise<Project[]> {
  const rows = await db.selectFrom('projects').selectAll().orderBy('key').execute();
  return rows.map(toProject);
}

export async function findProject(db: Db | Tx, key: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('key', '=', key).executeTakeFirst();
  return row && toProject(row);
}

export async function insertProject(
  tx: Tx,
  input: { key: string; name: string; description: string },
  now: string,
): Promise<Project> {
  const row: ProjectTable = {
    id: randomUUID(),
    key: input.key,
    name: input.name,
    description: input.description,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('projects').values(row).execute();
  return toProject(row);
}

export async function updateProject(
  tx: Tx,
  project: Project,
  fields: { name: string; description: string },
  now: string,
): Promise<Project> {
  const row = await tx
    .updateTable('projects')
    .set({ ...fields, version: project.version + 1, updated_at: now })
    .where('id', '=', project.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProject(row);
}

/** Deletes the project; its environments must already be gone (see `deleteEnvironment`). */
export async function deleteProjectRow(tx: Tx, projectId: string): Promise<void> {
  await tx.deleteFrom('flags').where('project_id', '=', projectId).execute();
  await tx.deleteFrom('projects').where('id', '=', projectId).execute();
}
