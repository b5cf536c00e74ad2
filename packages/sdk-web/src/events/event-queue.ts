/**
 * Events waiting to be sent, at most `limit`: when full, the oldest are dropped (and counted), so
 * a long outage costs bounded memory and the most recent events survive it.
 */
export class EventQueue<Event> {
  readonly #limit: number;
  #items: Event[] = [];
  #dropped = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get length(): number {
    return this.#items.length;
  }

  /** Events dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  push(event: Event): void {
    this.#items.push(event);
    this.#trim();
  }

  /** Removes and returns up to `count` of the oldest events. */
  take(count: number): Event[] {
    return this.#items.splice(0, count);
  }

  /** Puts a batch that could not be sent back in front (it is older than what was queued since). */
  putBack(batch: Event[]): void {
    this.#items = batch.concat(this.#items);
    this.#trim();
  }

  #trim(): void {
    const excess = this.#items.length - this.#limit;
    if (excess <= 0) return;
    this.#items.splice(0, excess);
    this.#dropped += excess;
  }
}
