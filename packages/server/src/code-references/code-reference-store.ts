import type { CodeReferenceUploadTable, Queryable } from '../storage/database.js';

/** A repository's last upload to a project. */
export interface CodeReferenceUpload {
  projectId: string;
  repository: string;
  commit: string;
  branch: string | null;
  uploadedAt: string;
  uploadedBy: { id: string; name: string };
  references: number;
  flags: number;
}

export interface CodeReference {
  flag: string;
  repository: string;
  file: string;
  line: number;
}

/** How much code uses one flag key, over every repository of a project. */
export interface FlagKeyUsage {
  references: number;
  repositories: number;
}

export interface CodeReferenceStore {
  findUpload(projectId: string, repository: string): Promise<CodeReferenceUpload | undefined>;
  /** The keys the repository's last upload referred to, sorted. */
  flagKeysOf(projectId: string, repository: string): Promise<string[]>;
  /** Replaces the repository's upload and every reference it had with these. */
  replace(
    upload: CodeReferenceUpload,
    references: readonly Omit<CodeReference, 'repository'>[],
  ): Promise<void>;
  /** The project's uploads (one repository's with `repository`), by repository. */
  listUploads(projectId: string, repository?: string): Promise<CodeReferenceUpload[]>;
  /** By flag key, repository, file and line. */
  listReferences(projectId: string, filter: { flag?: string; repository?: string }): Promise<CodeReference[]>;
  /** References and repositories per key (only `flagKeys` when given); keys without any are absent. */
  usage(projectId: string, flagKeys?: readonly string[]): Promise<Map<string, FlagKeyUsage>>;
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound parameters (5 per row). */
const INSERT_BATCH = 1000;

function toUpload(row: CodeReferenceUploadTable): CodeReferenceUpload {
  return {
    projectId: row.project_id,
    repository: row.repository,
    commit: row.commit_sha,
    branch: row.branch,
    uploadedAt: row.uploaded_at,
    uploadedBy: { id: row.uploaded_by, name: row.uploaded_by_name },
    references: Number(row.reference_count),
    flags: Number(row.flag_count),
  };
}

export function codeReferenceStore(db: Queryable): CodeReferenceStore {
  return {
    async findUpload(projectId, repository) {
      const row = await db
        .selectFrom('code_reference_uploads')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('repository', '=', repository)
        .executeTakeFirst();
      return row && toUpload(row);
    },
    async flagKeysOf(projectId, repository) {
      const rows = await db
        .selectFrom('code_references')
        .select('flag_key')
        .distinct()
        .where('project_id', '=', projectId)
        .where('repository', '=', repository)
        .execute();
      return rows.map((row) => row.flag_key).sort(byCodeUnits);
    },
    async replace(upload, references) {
      const { projectId, repository } = upload;
      await db
        .deleteFrom('code_references')
        .where('project_id', '=', projectId)
        .where('repository', '=', repository)
        .execute();
      await db
        .deleteFrom('code_reference_uploads')
        .where('project_id', '=', projectId)
        .where('repository', '=', repository)
        .execute();
      await db
        .insertInto('code_reference_uploads')
        .values({
          project_id: projectId,
          repository,
          commit_sha: upload.commit,
          branch: upload.branch,
          uploaded_at: upload.uploadedAt,
          uploaded_by: upload.uploadedBy.id,
          uploaded_by_name: upload.uploadedBy.name,
          reference_count: upload.references,
          flag_count: upload.flags,
        })
        .execute();
      for (let start = 0; start < references.length; start += INSERT_BATCH) {
        const rows = references.slice(start, start + INSERT_BATCH).map((reference) => ({
          project_id: projectId,
          repository,
          flag_key: reference.flag,
          file: reference.file,
          line: reference.line,
        }));
        await db.insertInto('code_references').values(rows).execute();
      }
    },
    async listUploads(projectId, repository) {
      let query = db.selectFrom('code_reference_uploads').selectAll().where('project_id', '=', projectId);
      if (repository !== undefined) query = query.where('repository', '=', repository);
      return (await query.execute()).map(toUpload).sort((a, b) => byCodeUnits(a.repository, b.repository));
    },
    async listReferences(projectId, filter) {
      let query = db
        .selectFrom('code_references')
        .select(['flag_key', 'repository', 'file', 'line'])
        .where('project_id', '=', projectId);
      if (filter.flag !== undefined) query = query.where('flag_key', '=', filter.flag);
      if (filter.repository !== undefined) query = query.where('repository', '=', filter.repository);
      const rows = await query.execute();
      // Sorted here, not by the database: PostgreSQL's collation and SQLite's byte order disagree.
      return rows
        .map((row) => ({
          flag: row.flag_key,
          repository: row.repository,
          file: row.file,
          line: Number(row.line),
        }))
        .sort(
          (a, b) =>
            byCodeUnits(a.flag, b.flag) ||
            byCodeUnits(a.repository, b.repository) ||
            byCodeUnits(a.file, b.file) ||
            a.line - b.line,
        );
    },
    async usage(projectId, flagKeys) {
      if (flagKeys !== undefined && flagKeys.length === 0) return new Map();
      let query = db
        .selectFrom('code_references')
        .select((eb) => [
          'flag_key',
          eb.fn.countAll<number | string>().as('references'),
          eb.fn.count<number | string>('repository').distinct().as('repositories'),
        ])
        .where('project_id', '=', projectId);
      if (flagKeys !== undefined) query = query.where('flag_key', 'in', [...flagKeys]);
      const rows = await query.groupBy('flag_key').execute();
      return new Map(
        rows.map((row) => [
          row.flag_key,
          { references: Number(row.references), repositories: Number(row.repositories) },
        ]),
      );
    },
  };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
