import type { ChangeEvent } from '../../live/changes.js';

/** Resources whose changes never alter the flags list (what else changes without a flag: reload). */
const UNRELATED = new Set([
  'segment',
  'sdk-key',
  'admin-token',
  'session',
  'schedule',
  'change-request',
  'approval-policy',
]);

/** More flags than this in one batch of changes: one reload of the list beats a request per flag. */
export const MAX_FLAGS_PER_UPDATE = 20;

/** What a batch of changes asks of the flags list of `project`. */
export interface PendingUpdate {
  /** Reload the whole list (a change that touches many flags or that the list cannot place). */
  reload: boolean;
  /** Fetch these flags again. */
  flags: Set<string>;
}

export const nothingPending = (): PendingUpdate => ({ reload: false, flags: new Set() });

/**
 * Adds one change to `pending`: a change to one flag (itself, its configuration, its rollout) asks
 * for that flag; one the list cannot place asks for a reload; other projects' changes and
 * resources the list does not show ask for nothing.
 */
export function addChange(pending: PendingUpdate, change: ChangeEvent | null, project: string): void {
  if (change === null) {
    pending.reload = true;
    return;
  }
  if (change.project !== project) return;
  const flag = change.flag ?? (change.resource === 'flag' ? change.key : undefined);
  if (flag !== undefined) pending.flags.add(flag);
  else if (!UNRELATED.has(change.resource)) pending.reload = true;
  if (pending.flags.size > MAX_FLAGS_PER_UPDATE) pending.reload = true;
}
