import type { FlagSetDocument } from '@switchyard/core';
import { jsonEqual } from './json-equal.js';

/**
 * The keys of the flags whose evaluation may differ between two documents: added, removed or
 * changed flags. Shared evaluators and flag-set metadata reach every flag, so a change to either
 * reports them all.
 */
export function changedFlagKeys(before: FlagSetDocument | undefined, after: FlagSetDocument): string[] {
  const afterKeys = Object.keys(after.flags);
  if (before === undefined) return afterKeys;
  const all = new Set([...Object.keys(before.flags), ...afterKeys]);
  if (
    !jsonEqual(before.$evaluators ?? {}, after.$evaluators ?? {}) ||
    !jsonEqual(before.metadata, after.metadata)
  ) {
    return [...all];
  }
  return [...all].filter((key) => !jsonEqual(before.flags[key], after.flags[key]));
}
