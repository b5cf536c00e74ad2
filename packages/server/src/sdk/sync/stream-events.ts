import type { FlagDefinition } from '@switchyard/core';
import type { FlagSetDelta } from '../../flag-sets/flag-set-delta-log.js';
import type { FlagSetChange, PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';
import type { SseEvent } from './sse-connection.js';

/** `event: flagset`: the whole document; the client replaces what it has. */
export function flagsetEvent(published: PublishedFlagSet): SseEvent {
  // The document is serialised once per publish; splice it in rather than re-serialising per client.
  const data = `{"version":${published.version},"etag":${JSON.stringify(published.etag)},"flagSet":${published.documentJson}}`;
  return { event: 'flagset', id: published.version, data };
}

/** `event: change`: only the flags that changed, each the new definition or null (removed). */
export function changeEvent(delta: FlagSetDelta): SseEvent {
  const data = JSON.stringify({
    version: delta.version,
    previousVersion: delta.previousVersion,
    flags: delta.flags,
  });
  return { event: 'change', id: delta.version, data };
}

/** The stream event for a live publish: a `change`, or a `flagset` when the change is full. */
export function liveEvent(change: FlagSetChange, published: PublishedFlagSet): SseEvent {
  if (change.full) return flagsetEvent(published);
  // No prototype: a flag may be named `__proto__` or `constructor` (file mode takes any key).
  const flags: Record<string, FlagDefinition | null> = Object.create(null);
  for (const key of change.changedFlagKeys)
    flags[key] = Object.hasOwn(published.document.flags, key) ? published.document.flags[key]! : null;
  return changeEvent({
    version: change.version,
    previousVersion: change.previousVersion,
    full: false,
    flags,
  });
}

/** ADR-0008 notification for OFREP bulk clients: "refetch your evaluations". */
export function refetchEvent(published: PublishedFlagSet): SseEvent {
  const data = JSON.stringify({
    type: 'refetchEvaluation',
    etag: published.etag,
    lastModified: Math.floor(published.updatedAt.getTime() / 1000),
  });
  return { event: 'message', id: published.version, data };
}

/** `Last-Event-ID` (header, or `lastEventId` query for clients that cannot set headers) as a version. */
export function parseLastEventId(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\d{1,16}$/.test(text.trim())) return undefined;
  const version = Number(text.trim());
  return Number.isSafeInteger(version) ? version : undefined;
}
