import type { CodeReferenceUpload, FlagKeyUsage } from './code-reference-store.js';

/** An upload as the API answers it. */
export function uploadView(upload: CodeReferenceUpload, projectKey: string) {
  return {
    project: projectKey,
    repository: upload.repository,
    commit: upload.commit,
    branch: upload.branch,
    uploadedAt: upload.uploadedAt,
    uploadedBy: upload.uploadedBy.name,
    references: upload.references,
    flags: upload.flags,
  };
}

/**
 * How much code uses a flag, for its flag screen and stale-flag detection: its references and the
 * repositories they are in, as of `lastUploadedAt`, the project's latest upload (null: never, and
 * the counts mean nothing yet).
 */
export function usageView(usage: FlagKeyUsage | undefined, lastUploadedAt: string | null) {
  return {
    references: usage?.references ?? 0,
    repositories: usage?.repositories ?? 0,
    lastUploadedAt,
  };
}

export type CodeReferenceUsageView = ReturnType<typeof usageView>;

/** The latest of the uploads' times, or null without uploads. */
export function latestUpload(uploads: readonly CodeReferenceUpload[]): string | null {
  let latest: string | null = null;
  for (const upload of uploads) if (latest === null || upload.uploadedAt > latest) latest = upload.uploadedAt;
  return latest;
}
