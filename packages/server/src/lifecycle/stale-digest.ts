import type { FlagView } from '../flags/flag-service.js';

/** The digest a project's webhook receives: its stale flags, each with why. */
export function staleDigest(projectKey: string, staleFlags: readonly FlagView[], now: Date) {
  return {
    type: 'stale-flags.digest',
    project: projectKey,
    generatedAt: now.toISOString(),
    count: staleFlags.length,
    flags: staleFlags.map((flag) => ({
      key: flag.key,
      name: flag.name,
      kind: flag.kind,
      owner: flag.owner,
      createdAt: flag.createdAt,
      reasons: flag.stale.reasons,
      href: `/api/v1/projects/${encodeURIComponent(projectKey)}/flags/${encodeURIComponent(flag.key)}`,
    })),
  };
}
