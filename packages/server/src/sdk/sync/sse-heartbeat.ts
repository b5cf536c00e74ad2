/** What a heartbeat does to one stream (check it may stay open, then write a comment). */
export interface HeartbeatTarget {
  heartbeat(): void;
}

/** Streams of a period are beaten in this many slices, one slice per tick. */
const SLICES = 16;

/**
 * One timer per heartbeat period for every open stream, rather than one per stream: 10,000 SDK
 * streams would otherwise hold 10,000 timers (each a Timeout object and a closure). Streams are
 * dealt round-robin into slices and one slice beats per 1/16 of the period, so the heartbeats of
 * 10,000 streams do not all leave (and land on their clients) at the same moment. A stream's first
 * heartbeat comes within one period of opening, then every period.
 */
class HeartbeatGroup {
  readonly #slices: Set<HeartbeatTarget>[] = Array.from({ length: SLICES }, () => new Set());
  readonly #sliceOf = new Map<HeartbeatTarget, Set<HeartbeatTarget>>();
  #next = 0;
  #tick = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly periodMs: number) {}

  add(target: HeartbeatTarget): void {
    if (this.#sliceOf.has(target)) return;
    const slice = this.#slices[this.#next++ % SLICES] as Set<HeartbeatTarget>;
    slice.add(target);
    this.#sliceOf.set(target, slice);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#beat(), Math.max(1, this.periodMs / SLICES));
      this.#timer.unref();
    }
  }

  delete(target: HeartbeatTarget): void {
    this.#sliceOf.get(target)?.delete(target);
    this.#sliceOf.delete(target);
    if (this.#sliceOf.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  #beat(): void {
    const slice = this.#slices[this.#tick++ % SLICES] as Set<HeartbeatTarget>;
    // Copy: a heartbeat may close its stream, which removes it from the slice.
    for (const target of [...slice]) target.heartbeat();
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
