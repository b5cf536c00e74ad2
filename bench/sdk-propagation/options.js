/**
 * `clientSemiSpace`: the provider processes' V8 young generation (`--max-semi-space-size`, MB; 0:
 * Node's default). Thousands of providers in one process each keep a new flag set per change, which
 * Node's default young generation copies twice before promoting; an application runs one provider.
 */
const DEFAULTS = {
  providers: 1000,
  changes: 20,
  warmup: 0,
  concurrency: 50,
  workers: 1,
  clientSemiSpace: 64,
};
const USAGE =
  'usage: run.js [--providers=1000] [--changes=20] [--warmup=0] [--concurrency=50] [--workers=1] [--client-semi-space=64]';
const NAMES = { 'client-semi-space': 'clientSemiSpace' };

/**
 * `--providers=N --changes=N --warmup=N --concurrency=N --workers=N --client-semi-space=N` (integers;
 * only warmup and client-semi-space may be 0).
 */
export function parseOptions(argv) {
  const options = { ...DEFAULTS };
  for (const arg of argv) {
    const match = /^--(providers|changes|warmup|concurrency|workers|client-semi-space)=(\d+)$/.exec(arg);
    const mayBeZero = match?.[1] === 'warmup' || match?.[1] === 'client-semi-space';
    if (!match || (Number(match[2]) < 1 && !mayBeZero)) {
      throw new Error(`unknown or invalid argument ${JSON.stringify(arg)}; ${USAGE}`);
    }
    options[NAMES[match[1]] ?? match[1]] = Number(match[2]);
  }
  if (options.workers > options.providers) {
    throw new Error(`--workers=${options.workers} is more than --providers=${options.providers}; ${USAGE}`);
  }
  return options;
}
