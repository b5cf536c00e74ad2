const DEFAULTS = { providers: 1000, changes: 20, warmup: 0, concurrency: 50, workers: 1 };
const USAGE = 'usage: run.js [--providers=1000] [--changes=20] [--warmup=0] [--concurrency=50] [--workers=1]';

/** `--providers=N --changes=N --warmup=N --concurrency=N --workers=N` (integers; only warmup may be 0). */
export function parseOptions(argv) {
  const options = { ...DEFAULTS };
  for (const arg of argv) {
    const match = /^--(providers|changes|warmup|concurrency|workers)=(\d+)$/.exec(arg);
    if (!match || (Number(match[2]) < 1 && match[1] !== 'warmup')) {
      throw new Error(`unknown or invalid argument ${JSON.stringify(arg)}; ${USAGE}`);
    }
    options[match[1]] = Number(match[2]);
  }
  if (options.workers > options.providers) {
    throw new Error(`--workers=${options.workers} is more than --providers=${options.providers}; ${USAGE}`);
  }
  return options;
}
