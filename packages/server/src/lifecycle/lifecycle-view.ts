import type { ProjectLifecycle } from './lifecycle-store.js';

/** A project's lifecycle settings as the API answers them: the digest's secret is never shown. */
export function lifecycleView(projectKey: string, lifecycle: ProjectLifecycle) {
  const { settings } = lifecycle;
  return {
    project: projectKey,
    expectedLifetimeDays: settings.expectedLifetimeDays,
    stale: settings.stale,
    naming: settings.naming,
    digest: settings.digest && {
      url: settings.digest.url,
      schedule: settings.digest.schedule,
      dueAt: lifecycle.digestDueAt,
      lastSentAt: lifecycle.digestSentAt,
      lastError: lifecycle.digestError,
    },
    version: lifecycle.version,
    updatedAt: lifecycle.updatedAt,
  };
}

export type LifecycleView = ReturnType<typeof lifecycleView>;

/** What the audit trail records of a settings change (no secret, no digest bookkeeping). */
export function lifecycleAuditView(lifecycle: ProjectLifecycle) {
  const { settings } = lifecycle;
  return {
    ...settings,
    digest: settings.digest && { url: settings.digest.url, schedule: settings.digest.schedule },
  };
}
