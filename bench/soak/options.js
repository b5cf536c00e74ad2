const DEFAULTS = { minutes: 2, providers: 30, rate: 300, connections: 6, sampleSec: 5 };
const USAGE = 'usage: run.js [--minutes 2] [--providers 30] [--rate 300] [--connections 6] [--sample-sec 5]';
const NAMES = {
  minutes: 'minutes',
  providers: 'providers',
  rate: 'rate',
  connections: 'connections',
  'sample-sec': 'sampleSec',
};
const LIMITS = {
  minutes: [1, 120],
  providers: [1, 3000],
  rate: [1, 100_000],
  connections: [1, 1000],
  sampleSec: [1, 60],
};

/**
 * `--minutes N` (bounded: 1 to 120, default 2: the first 30 s at least are warm-up), `--providers N` streaming providers spread over the
 * three replicas, `--rate N` OFREP requests per second in all, `--connections N` per replica,
 * `--sample-sec N` between samples. `--name value` and `--name=value` both work.
 */
export function parseOptions(argv) {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    const name = match && NAMES[match[1]];
    if (!name) throw new Error(`unknown argument ${JSON.stringify(argv[i])}; ${USAGE}`);
    const text = match[2] ?? argv[++i];
    const value = Number(text);
    const [min, max] = LIMITS[name];
    if (
      text === undefined ||
      !(value >= min && value <= max) ||
      (name !== 'minutes' && !Number.isInteger(value))
    ) {
      throw new Error(
        `--${match[1]} must be ${name === 'minutes' ? 'a number' : 'an integer'} from ${min} to ${max}, got ${JSON.stringify(text)}; ${USAGE}`,
      );
    }
    options[name] = value;
  }
  return options;
}
