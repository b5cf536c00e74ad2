import { pointer } from '@switchyard/core';
/** One changed value between a resource's before and after state; `path` is a JSON Pointer. */
export interface AuditChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The differences between two JSON values, as the deepest changed paths. Arrays are compared
 * whole: an edited tag list shows as one change, which is easier to read than index shuffles.
 */
export function diffJson(before: unknown, after: unknown, path = ''): AuditChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const child = pointer(path, key);
      if (!Object.hasOwn(after, key)) return [{ path: child, before: before[key] }];
      if (!Object.hasOwn(before, key)) return [{ path: child, after: after[key] }];
      return diffJson(before[key], after[key], child);
    });
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const change: AuditChange = { path };
  if (before !== undefined && before !== null) change.before = before;
  if (after !== undefined && after !== null) change.after = after;
  return [change];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
