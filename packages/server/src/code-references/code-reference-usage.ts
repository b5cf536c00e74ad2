import type { CodeReferenceStore } from './code-reference-store.js';
import { type CodeReferenceUsageView, latestUpload, usageView } from './code-reference-view.js';

/**
 * How much code uses each flag of a project (only `flagKeys` when given, e.g. one flag's screen):
 * read once, then asked per key.
 */
export async function codeReferenceUsage(
  store: CodeReferenceStore,
  projectId: string,
  flagKeys?: readonly string[],
): Promise<(flagKey: string) => CodeReferenceUsageView> {
  const uploads = await store.listUploads(projectId);
  const usage = await store.usage(projectId, flagKeys);
  const lastUploadedAt = latestUpload(uploads);
  return (flagKey) => usageView(usage.get(flagKey), lastUploadedAt);
}
