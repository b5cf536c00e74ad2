import { type EventDetails, ProviderEvents } from '@openfeature/server-sdk';
import type { SwitchyardProvider } from '../../src/index.js';

export interface LoggedEvent {
  type: ProviderEvents;
  details: EventDetails | undefined;
  at: number;
}

/** Records every event a provider emits, and waits for the ones a test expects. */
export class EventLog {
  readonly events: LoggedEvent[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(provider: SwitchyardProvider) {
    for (const type of Object.values(ProviderEvents)) {
      provider.events.addHandler(type, (details) => {
        this.events.push({ type, details, at: performance.now() });
        for (const wake of this.#waiters) wake();
      });
    }
  }

  types(): ProviderEvents[] {
    return this.events.map((event) => event.type);
  }

  /** Every flag key reported changed since event index `from`. */
  changedSince(from: number): string[] {
    return this.events
      .slice(from)
      .filter((event) => event.type === ProviderEvents.ConfigurationChanged)
      .flatMap((event) => flagsChanged(event));
  }

  /** Waits for an event (after index `from`) matching `match`; returns it. */
  async waitFor(
    type: ProviderEvents,
    options: { from?: number; timeoutMs?: number; match?: (event: LoggedEvent) => boolean } = {},
  ): Promise<LoggedEvent> {
    const { from = 0, timeoutMs = 10_000, match = () => true } = options;
    const find = () => this.events.slice(from).find((event) => event.type === type && match(event));
    const found = find();
    if (found) return found;
    return new Promise((resolve, reject) => {
      const wake = () => {
        const event = find();
        if (!event) return;
        cleanup();
        resolve(event);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`no ${type} within ${timeoutMs} ms; events so far: ${this.types().join(', ') || 'none'}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      this.#waiters.add(wake);
    });
  }
}

/** The flag keys a CONFIGURATION_CHANGED event names. */
export function flagsChanged(event: LoggedEvent): string[] {
  return (event.details?.flagsChanged as string[] | undefined) ?? [];
}

/** Polls `read` until it returns `expected` (deep equality by JSON), or fails after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T> | T,
  expected: T,
  timeoutMs = 5000,
): Promise<number> {
  const start = performance.now();
  let last: T | undefined;
  while (performance.now() - start < timeoutMs) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(
    `still ${JSON.stringify(last)} after ${timeoutMs} ms, expected ${JSON.stringify(expected)}`,
  );
}

export const silentLogger = { error() {}, warn() {}, info() {}, debug() {} };
