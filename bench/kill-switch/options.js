const defaults = {
  providers: 1000,
  runs: 5,
  warmup: 1,
  workers: 2,
  concurrency: 50,
  db: 'sqlite',
  scenario: 'rollout',
};
const integers = { providers: 1, runs: 1, warmup: 0, workers: 1, concurrency: 1 };
const choices = { db: ['sqlite', 'postgres'], scenario: ['rollout', 'kill'] };
const usage =
  'usage: run.js [--providers 1000] [--runs 5] [--warmup 1] [--workers 2] [--concurrency 50] ' +
  '[--db sqlite|postgres] [--scenario rollout|kill]';

/** `--name value` or `--name=value`; every option named in an error, with the usage. */
export function parseOptions(argv) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    const value = inline ?? argv[++i];
    if (name in integers) {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < integers[name])
        throw new Error(`${flag} must be an integer of at least ${integers[name]}, got ${value}; ${usage}`);
      options[name] = n;
    } else if (name in choices) {
      if (!choices[name].includes(value))
        throw new Error(`${flag} must be one of ${choices[name].join(', ')}, got ${value}; ${usage}`);
      options[name] = value;
    } else {
      throw new Error(`unknown option ${JSON.stringify(argv[inline === undefined ? i - 1 : i])}; ${usage}`);
    }
  }
  if (options.workers > options.providers)
    throw new Error(`--workers (${options.workers}) cannot exceed --providers (${options.providers})`);
  return options;
}
