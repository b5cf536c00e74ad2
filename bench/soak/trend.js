/** Least-squares slope of `values` over `times` (units per time unit); 0 for fewer than two points. */
export function slope(times, values) {
  const n = times.length;
  if (n < 2) return 0;
  const meanT = times.reduce((a, b) => a + b, 0) / n;
  const meanV = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (times[i] - meanT) * (values[i] - meanV);
    den += (times[i] - meanT) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** What "flat" means: growth per minute of the fitted line after warm-up, and open files. */
export const TOLERANCE = {
  heapMiBPerMin: 1,
  rssMiBPerMin: 4,
  fdGrowth: 3,
};

/**
 * One replica's verdict from its samples (`{ atMs, rss, heap, fds }`, bytes), the warm-up samples
 * already left out: start, end and slope of each series, and whether each stays within TOLERANCE.
 */
export function judge(samples) {
  const minutes = samples.map((s) => s.atMs / 60_000);
  const mib = (bytes) => bytes / 1024 / 1024;
  const series = (pick) => {
    const values = samples.map(pick);
    return { start: values[0], end: values.at(-1), slope: slope(minutes, values) };
  };
  const rss = series((s) => mib(s.rss));
  const heap = series((s) => mib(s.heap));
  const fds = series((s) => s.fds);
  const checks = {
    heap: heap.slope <= TOLERANCE.heapMiBPerMin,
    rss: rss.slope <= TOLERANCE.rssMiBPerMin,
    fds: fds.end - fds.start <= TOLERANCE.fdGrowth,
  };
  return { rss, heap, fds, checks, pass: checks.heap && checks.rss && checks.fds };
}
