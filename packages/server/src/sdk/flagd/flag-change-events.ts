import type { JsonObject } from '@bufbuild/protobuf';
import type { FlagSetChange, PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';

/** One `EventStreamResponse`: `type` and its `data` struct. */
export interface FlagdEvent {
  type: 'provider_ready' | 'configuration_change' | 'keep_alive';
  data: JsonObject;
}

export const providerReady = (): FlagdEvent => ({ type: 'provider_ready', data: {} });

export const keepAlive = (): FlagdEvent => ({ type: 'keep_alive', data: {} });

type ChangeType = 'write' | 'update' | 'delete';

/**
 * flagd's `configuration_change` event, `{"flags": {"<key>": {"type": "write" | "update" | "delete"}}}`
 * (core/pkg/notifications): flags added, changed or removed. A change to `$evaluators` or to the flag-set
 * metadata may change every flag's targeting or metadata, so it counts as an update of all flags. Undefined
 * when nothing a client can see changed. `before` is the key set the client last heard of.
 */
export function configurationChange(
  before: ReadonlySet<string>,
  change: FlagSetChange,
  published: PublishedFlagSet,
): FlagdEvent | undefined {
  const current = published.document.flags;
  const keys = change.full ? [...Object.keys(current), ...before] : change.changedFlagKeys;
  const flags: Record<string, { type: ChangeType }> = Object.create(null);
  for (const key of keys) {
    const type: ChangeType = !Object.hasOwn(current, key) ? 'delete' : before.has(key) ? 'update' : 'write';
    flags[key] = { type };
  }
  if (Object.keys(flags).length === 0) return undefined;
  return { type: 'configuration_change', data: { flags } };
}

/** Two events not yet sent become one: a change waiting behind another is merged into it. */
export function mergeEvents(waiting: FlagdEvent, next: FlagdEvent): FlagdEvent | undefined {
  if (next.type === 'keep_alive') return waiting;
  if (waiting.type !== 'configuration_change' || next.type !== 'configuration_change') return undefined;
  const flags = { ...(waiting.data.flags as JsonObject), ...(next.data.flags as JsonObject) };
  return { type: 'configuration_change', data: { flags } };
}
