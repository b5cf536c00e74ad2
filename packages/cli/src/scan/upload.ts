import { basename } from 'node:path';
import { CliUsageError } from '../errors.js';
import { type ApiClient, apiPath } from '../server-api/api-client.js';
import { gitInfo, repositoryNameOf } from './git-info.js';
import type { Reference } from './scan-report.js';

/** Where uploaded references belong: a repository at a commit. */
export interface UploadTarget {
  readonly repository: string;
  readonly commit: string;
  readonly branch: string | null;
  /** The scanned directory's path in its work tree: uploaded paths are the repository's. */
  readonly prefix: string;
}

/** What the server answers to an upload. */
export interface UploadAnswer {
  readonly project: string;
  readonly repository: string;
  readonly commit: string;
  readonly branch: string | null;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
  readonly references: number;
  readonly flags: number;
}

/** The options as given, else what git says about `directory` (resolved), else its name. */
export async function uploadTarget(
  directory: string,
  given: { readonly repository?: string; readonly commit?: string; readonly branch?: string },
): Promise<UploadTarget> {
  const git = await gitInfo(directory);
  const commit = given.commit ?? git.commit;
  if (commit === undefined) {
    throw new CliUsageError(
      `--upload needs the commit the references are of: ${directory} is not in a git repository with commits, so pass --commit`,
      'scan',
    );
  }
  return {
    repository: given.repository ?? (git.origin ? repositoryNameOf(git.origin) : basename(directory)),
    commit,
    branch: given.branch ?? git.branch ?? null,
    prefix: git.prefix,
  };
}

/** Replaces the repository's references on the server with these. */
export function uploadReferences(
  client: ApiClient,
  project: string,
  target: UploadTarget,
  references: readonly Reference[],
): Promise<UploadAnswer> {
  return client.post<UploadAnswer>(apiPath('projects', project, 'code-references'), {
    repository: target.repository,
    commit: target.commit,
    branch: target.branch,
    references: references.map((reference) => ({ ...reference, file: target.prefix + reference.file })),
  });
}
