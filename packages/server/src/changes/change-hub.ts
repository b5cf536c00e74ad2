import type { CommittedChange } from '../commands/change-unit.js';
import { type ChangeEvent, changeEvents } from './change-events.js';

export type ChangeListener = (events: readonly ChangeEvent[]) => void;

/**
 * Fans committed changes out to the open change streams of this process. Events are built once
 * per change; a throwing listener is reported and does not stop the others.
 */
export class ChangeHub {
  readonly #listeners = new Set<ChangeListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(change: CommittedChange): void {
    if (this.#listeners.size === 0) return;
    const events = changeEvents(change);
    for (const listener of [...this.#listeners]) {
      try {
        listener(events);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
