/** The timers reporting runs on, passed in so tests can drive them. */
export interface ReportTimers {
  /** Calls `run` every `ms` until the returned function is called. */
  every(ms: number, run: () => void): () => void;
  /** Calls `run` once, after the current work (not inside an evaluation). */
  soon(run: () => void): void;
}

/** Real timers that never keep the process alive: reporting is no reason to stay up. */
export const nodeTimers: ReportTimers = {
  every(ms, run) {
    const timer = setInterval(run, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
  soon(run) {
    setImmediate(run).unref();
  },
};
