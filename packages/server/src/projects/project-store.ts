import { randomUUID } from 'node:crypto';
import type { ProjectTable, Queryable } from '../storage/database.js';

export interface Project {
  id: string;
  key: string;
  name: string;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ProjectFields = Pick<Project, 'name' | 'description'>;

export interface ProjectStore {
  /** In key order. */
  list(): Promise<Project[]>;
  find(key: string): Promise<Project | undefined>;
  insert(key: string, fields: ProjectFields, now: string): Promise<Project>;
  /** Writes the fields and bumps the version. */
  update(project: Project, fields: ProjectFields, now: string): Promise<Project>;
  /** Deletes the project with everything in it (environments, flags, configurations, segments, SDK keys). */
  delete(projectId: string): Promise<void>;
}

function toProject(row: ProjectTable): Project {
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

export function projectStore(db: Queryable): ProjectStore {
  return {
    async list() {
      const rows = await db.selectFrom('projects').selectAll().orderBy('key').execute();
      return rows.map(toProject);
    },
    async find(key) {
      const row = await db.selectFrom('projects').selectAll().where('key', '=', key).executeTakeFirst();
      return row && toProject(row);
    },
    async insert(key, fields, now) {
      const row: ProjectTable = {
        id: randomUUID(),
        key,
        name: fields.name,
        description: fields.description,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('projects').values(row).execute();
      return toProject(row);
    },
    async update(project, fields, now) {
      const row = await db
        .updateTable('projects')
        .set({
          name: fields.name,
          description: fields.description,
          version: project.version + 1,
          updated_at: now,
        })
        .where('id', '=', project.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toProject(row);
    },
    async delete(projectId) {
      // Explicit, child tables first: the schema's cascades are not relied upon.
      const environments = db.selectFrom('environments').select('id').where('project_id', '=', projectId);
      const flags = db.selectFrom('flags').select('id').where('project_id', '=', projectId);
      await db.deleteFrom('flag_configs').where('flag_id', 'in', flags).execute();
      await db.deleteFrom('segments').where('environment_id', 'in', environments).execute();
      await db.deleteFrom('sdk_keys').where('environment_id', 'in', environments).execute();
      await db.deleteFrom('flag_evaluations').where('environment_id', 'in', environments).execute();
      await db.deleteFrom('project_lifecycle').where('project_id', '=', projectId).execute();
      await db.deleteFrom('environments').where('project_id', '=', projectId).execute();
      await db.deleteFrom('flags').where('project_id', '=', projectId).execute();
      await db.deleteFrom('projects').where('id', '=', projectId).execute();
    },
  };
}
