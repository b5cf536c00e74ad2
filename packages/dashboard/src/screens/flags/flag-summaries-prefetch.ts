import { api, path } from '../../api/client.js';
import type { FlagSummary } from '../../api/types.js';

/** A prefetched list older than this is not used: the screen loads its own. */
const FRESH_MS = 10_000;

type SummaryList = { flags: FlagSummary[] };

export interface PrefetchedSummaries {
  /** null: the request failed (signed out, no such project); the screen then loads the list itself. */
  answer: Promise<SummaryList | null>;
  /** The changes stream's revision when the request left: a later one means changes it may miss. */
  revision: number;
}

const prefetched = new Map<string, PrefetchedSummaries & { at: number }>();
/** When the screen itself last asked for a project's list (a prefetch after that is pointless). */
const requested = new Map<string, number>();

export const flagSummariesPath = (project: string) => `${path`/projects/${project}/flags`}?view=summary`;

/**
 * Starts loading a project's flag list before the flags screen asks for it (while the screen's code
 * loads), unless a fresh request for it is already under way.
 */
export function prefetchFlagSummaries(project: string, revision: number): void {
  const existing = prefetched.get(project)?.at ?? requested.get(project);
  if (existing !== undefined && Date.now() - existing < FRESH_MS) return;
  const answer = api.get<SummaryList>(flagSummariesPath(project)).catch(() => null);
  prefetched.set(project, { answer, revision, at: Date.now() });
}

/**
 * The prefetched list of `project`, once (undefined: none, or too old to use: the screen then
 * requests it, and a prefetch arriving after that is skipped).
 */
export function takeFlagSummaries(project: string): PrefetchedSummaries | undefined {
  const entry = prefetched.get(project);
  prefetched.delete(project);
  if (entry && Date.now() - entry.at < FRESH_MS) return entry;
  requested.set(project, Date.now());
  return undefined;
}
