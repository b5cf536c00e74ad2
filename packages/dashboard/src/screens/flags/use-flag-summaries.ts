import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/api-error.js';
import { api, path } from '../../api/client.js';
import type { Flag, FlagSummary } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { useLive } from '../../live/changes.js';
import { flagSummariesPath, takeFlagSummaries } from './flag-summaries-prefetch.js';
import { addChange, nothingPending, type PendingUpdate } from './flag-summary-updates.js';

/** Changes arriving within this window are applied together (an import announces one per flag). */
const BATCH_MS = 50;

export interface FlagSummaries {
  flags: FlagSummary[] | undefined;
  error: string | null;
  loading: boolean;
}

/** The list's summary of a flag, from its full document (what `?view=summary` answers for it). */
export function summaryOf(flag: Flag & Pick<FlagSummary, 'archivedAt' | 'lifecycle'>): FlagSummary {
  const environments: FlagSummary['environments'] = {};
  for (const [key, config] of Object.entries(flag.environments)) environments[key] = { state: config.state };
  return {
    key: flag.key,
    name: flag.name,
    description: flag.description,
    kind: flag.kind,
    owner: flag.owner,
    tags: flag.tags,
    version: flag.version,
    archivedAt: flag.archivedAt,
    environments,
    lifecycle: { stage: flag.lifecycle.stage },
    stale: { reasons: (flag.stale?.reasons ?? []).map(({ code, message }) => ({ code, message })) },
  };
}

/** Replaces, adds (in key order) or removes (null) one flag of a list sorted by key. */
export function withFlag(list: readonly FlagSummary[], key: string, flag: FlagSummary | null): FlagSummary[] {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.key < key) low = mid + 1;
    else high = mid;
  }
  const found = list[low]?.key === key;
  const next = list.slice();
  if (flag === null) {
    if (found) next.splice(low, 1);
  } else next.splice(low, found ? 1 : 0, flag);
  return next;
}

/**
 * The project's live flags, summarised (`GET …/flags?view=summary`), kept current from the changes
 * stream: a change to a few flags fetches just those; anything broader reloads the list.
 */
export function useFlagSummaries(project: string): FlagSummaries {
  const { subscribe, connected, revision } = useLive();
  const revisionNow = useRef(revision);
  revisionNow.current = revision;
  const [flags, setFlags] = useState<FlagSummary[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const stream = useRef<'never' | 'up' | 'down'>('never');
  const reloadRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    let live = true;
    let pending: PendingUpdate = nothingPending();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    const load = async (answer: Promise<{ flags: FlagSummary[] }>) => {
      const { flags } = await answer;
      if (live) setFlags(flags);
    };
    const fetchList = () => api.get<{ flags: FlagSummary[] }>(flagSummariesPath(project));
    const reload = () => load(fetchList());
    const refresh = async (key: string) => {
      let summary: FlagSummary | null;
      try {
        const flag = await api.get<Parameters<typeof summaryOf>[0]>(path`/projects/${project}/flags/${key}`);
        summary = flag.archivedAt === null ? summaryOf(flag) : null;
      } catch (failure) {
        if (!(failure instanceof ApiError && failure.status === 404)) throw failure;
        summary = null;
      }
      if (live) setFlags((list) => list && withFlag(list, key, summary));
    };
    // One batch at a time, so an older answer never overwrites a newer one.
    const flush = async () => {
      timer = undefined;
      if (running || !live) return;
      const batch = pending;
      pending = nothingPending();
      if (!batch.reload && batch.flags.size === 0) return;
      running = true;
      try {
        if (batch.reload) await reload();
        else await Promise.all([...batch.flags].map(refresh));
        if (live) setError(null);
      } catch (failure) {
        if (live) setError(describeError(failure));
      } finally {
        running = false;
        if (live && (pending.reload || pending.flags.size > 0)) timer ??= setTimeout(flush, BATCH_MS);
      }
    };
    const schedule = () => {
      timer ??= setTimeout(flush, BATCH_MS);
    };
    reloadRef.current = () => {
      pending.reload = true;
      schedule();
    };

    setLoading(true);
    setFlags(undefined);
    running = true;
    const early = takeFlagSummaries(project);
    // Changes announced since the prefetch left may be missing from it: one reload catches up.
    if (early && early.revision !== revisionNow.current) pending.reload = true;
    const first = early?.answer.then((answer) => answer ?? fetchList()) ?? fetchList();
    load(first)
      .then(
        () => live && setError(null),
        (failure: unknown) => live && setError(describeError(failure)),
      )
      .finally(() => {
        running = false;
        if (!live) return;
        setLoading(false);
        if (pending.reload || pending.flags.size > 0) schedule();
      });
    const unsubscribe = subscribe((change) => {
      addChange(pending, change, project);
      if (pending.reload || pending.flags.size > 0) schedule();
    });
    return () => {
      live = false;
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [project, subscribe]);

  // Changes may have been missed while the stream was down: reload once it is back.
  useEffect(() => {
    if (connected) {
      if (stream.current === 'down') reloadRef.current();
      stream.current = 'up';
    } else if (stream.current === 'up') stream.current = 'down';
  }, [connected]);

  return { flags, error, loading };
}
