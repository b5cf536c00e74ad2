const defaults = { db: 'sqlite', units: 1_000_000, trackShare: 0.5, batch: 1000, concurrency: 8 };

/** `--db sqlite|postgres --units N --track-share F --batch N --concurrency N` (or `--x=value`). */
export function parseOptions(argv) {
  const options = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    switch (flag) {
      case '--db':
        if (value !== 'sqlite' && value !== 'postgres')
          throw new Error(`--db must be sqlite or postgres, got ${value}`);
        options.db = value;
        break;
      case '--units':
      case '--batch':
      case '--concurrency': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1)
          throw new Error(`${flag} must be a positive integer, got ${value}`);
        options[flag.slice(2)] = n;
        break;
      }
      case '--track-share': {
        const f = Number(value);
        if (!(f >= 0 && f <= 1)) throw new Error(`--track-share must be between 0 and 1, got ${value}`);
        options.trackShare = f;
        break;
      }
      default:
        throw new Error(`unknown option ${flag}: use --db, --units, --track-share, --batch, --concurrency`);
    }
  }
  return options;
}
