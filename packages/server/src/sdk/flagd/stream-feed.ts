export interface StreamFeedOptions<T> {
  /**
   * Merges an item into the one still waiting to be sent, or returns undefined to queue it behind. A
   * client that reads slowly then gets fewer, newer messages instead of a growing backlog.
   */
  coalesce?: (waiting: T, next: T) => T | undefined;
  /** A client this far behind is cut off (it reconnects and starts from the current state). */
  maxWaiting: number;
  /** The error that cuts off a client `maxWaiting` items behind. */
  overflowError: () => unknown;
}

/**
 * The messages of one server stream, between the events that produce them (publishes, revocations,
 * shutdown) and the RPC handler that writes them out as the client reads.
 */
export class StreamFeed<T> {
  readonly #options: StreamFeedOptions<T>;
  readonly #waiting: T[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;

  constructor(options: StreamFeedOptions<T>) {
    this.#options = options;
  }

  get ended(): boolean {
    return this.#ended;
  }

  push(item: T): void {
    if (this.#ended) return;
    const last = this.#waiting.length;
    const merged = last > 0 ? this.#options.coalesce?.(this.#waiting[last - 1] as T, item) : undefined;
    if (merged !== undefined) this.#waiting[last - 1] = merged;
    else this.#waiting.push(item);
    if (this.#waiting.length > this.#options.maxWaiting) this.end(this.#options.overflowError());
    else this.#notify();
  }

  /** Ends the stream once what is waiting has been sent; with `error`, at once and with that error. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (error !== undefined) {
      this.#error = error;
      this.#waiting.length = 0;
    }
    this.#notify();
  }

  /** Yields items until the feed ends (throwing its error, if any) or `signal` aborts (client gone). */
  async *drain(signal: AbortSignal): AsyncGenerator<T> {
    const onAbort = () => this.#notify();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        const next = this.#waiting.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.#ended) {
          if (this.#error !== undefined) throw this.#error;
          return;
        }
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
