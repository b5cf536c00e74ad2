/** What a heartbeat does to one stream (check it may stay open, then write a comment). */
export interface HeartbeatTarget {
  heartbeat(): void;
}

/**
 * One timer per heartbeat period for every open stream, rather than one per stream: 10,000 SDK
 * streams would otherwise hold 10,000 timers (each a Timeout object and a closure). A stream's
 * first heartbeat comes within one period of opening, then every period.
 */
class HeartbeatGroup {
  readonly #targets = new Set<HeartbeatTarget>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly periodMs: number) {}

  add(target: HeartbeatTarget): void {
    this.#targets.add(target);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#beat(), this.periodMs);
      this.#timer.unref();
    }
  }

  delete(target: HeartbeatTarget): void {
    this.#targets.delete(target);
    if (this.#targets.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  #beat(): void {
    // Copy: a heartbeat may close its stream, which removes it from the set.
    for (const target of [...this.#targets]) target.heartbeat();
  }
}

const groups = new Map<number, HeartbeatGroup>();

/** The shared heartbeat for streams of this period. */
export function heartbeatGroup(periodMs: number): HeartbeatGroup {
  let group = groups.get(periodMs);
  if (group === undefined) {
    group = new HeartbeatGroup(periodMs);
    groups.set(periodMs, group);
  }
  return group;
}
