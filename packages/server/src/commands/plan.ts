import type { FlagSetDocument } from '@switchyard/core';
import { type AuditChange, diffJson } from '../audit/audit-diff.js';
import type { AuditRecord } from '../audit/audit-store.js';
import { canonicalJson } from '../flag-sets/canonical-json.js';

/** One audit entry the command would write, with its difference. */
export interface PlannedChange extends AuditRecord {
  changes: AuditChange[];
}

/** How one entry of a flag set (a flag, an evaluator) would change; null: absent. */
export interface EntryChange {
  before: unknown;
  after: unknown;
  changes: AuditChange[];
}

/** What the command would do to one environment's flag set, the document SDKs receive. */
export interface FlagSetPlan {
  project: string;
  environment: string;
  change: 'created' | 'changed' | 'removed';
  /** The flag-set version now (0 for an environment the command creates). */
  version: number;
  /** The version the command would commit; null when it removes the environment. */
  nextVersion: number | null;
  flags: Record<string, EntryChange>;
  evaluators: Record<string, EntryChange>;
  /** Present when the flag set's own metadata would change. */
  metadata?: EntryChange;
}

/** What executing a command would do, computed by running it and rolling it back. */
export interface Plan {
  action: string;
  changes: PlannedChange[];
  flagSets: FlagSetPlan[];
}

/** The difference between two versions of one environment's document; undefined when equal. */
export function diffFlagSets(
  project: string,
  environment: { key: string; version: number },
  before: FlagSetDocument | null,
  after: FlagSetDocument | null,
): FlagSetPlan | undefined {
  const flags = diffEntries(before?.flags, after?.flags);
  const evaluators = diffEntries(before?.$evaluators, after?.$evaluators);
  const metadataChanges = diffJson(before?.metadata ?? null, after?.metadata ?? null);
  const unchanged =
    before !== null &&
    after !== null &&
    Object.keys(flags).length === 0 &&
    Object.keys(evaluators).length === 0 &&
    metadataChanges.length === 0;
  if (unchanged) return undefined;
  const plan: FlagSetPlan = {
    project,
    environment: environment.key,
    change: before === null ? 'created' : after === null ? 'removed' : 'changed',
    version: environment.version,
    nextVersion: after === null ? null : environment.version + 1,
    flags,
    evaluators,
  };
  if (metadataChanges.length > 0) {
    plan.metadata = {
      before: before?.metadata ?? null,
      after: after?.metadata ?? null,
      changes: metadataChanges,
    };
  }
  return plan;
}

function diffEntries(
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>> | undefined,
): Record<string, EntryChange> {
  const result: Record<string, EntryChange> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of [...keys].sort()) {
    const old = before && Object.hasOwn(before, key) ? before[key] : null;
    const next = after && Object.hasOwn(after, key) ? after[key] : null;
    if (canonicalJson(old) === canonicalJson(next)) continue;
    result[key] = { before: old, after: next, changes: diffJson(old, next) };
  }
  return result;
}
