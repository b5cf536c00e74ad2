/**
 * Command-line options. Defaults are the figures; smaller values give a quick smoke run
 * (`node bench/core-eval/run.js --contexts 10000 --rounds 3 --load-flags 1000`).
 */
export const DEFAULT_OPTIONS = Object.freeze({
  contexts: 100_000,
  rounds: 7,
  warmup: 2,
  loadFlags: 10_000,
  loadRuns: 5,
  flagdLoadRuns: 3,
});

const FLAGS = {
  '--contexts': 'contexts',
  '--rounds': 'rounds',
  '--warmup': 'warmup',
  '--load-flags': 'loadFlags',
  '--load-runs': 'loadRuns',
  '--flagd-load-runs': 'flagdLoadRuns',
};

/**
 * @param {string[]} argv arguments after the script name
 * @returns {typeof DEFAULT_OPTIONS}
 * @throws {Error} naming the option and the problem
 */
export function parseOptions(argv) {
  const options = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = FLAGS[flag];
    if (name === undefined) {
      throw new Error(`unknown option '${flag}'; known options: ${Object.keys(FLAGS).join(', ')}`);
    }
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (!Number.isInteger(value) || value < (name === 'warmup' ? 0 : 1)) {
      throw new Error(
        `option ${flag} needs a whole number${name === 'warmup' ? '' : ' of at least 1'}, got '${raw}'`,
      );
    }
    options[name] = value;
  }
  return options;
}
