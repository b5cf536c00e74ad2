import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const sampleSize = (...args: string[]) => runCli(['stats', 'sample-size', ...args]);

const json = async (...args: string[]) => {
  const run = await sampleSize(...args, '--format', 'json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

// The seed case of the experiments issue: baseline 5%, relative MDE 10%, alpha 0.05 two-sided,
// power 0.8 → 31,231 units per variant (the figure @switchyard/stats checks against SciPy).
const SEED = {
  perVariant: 31231,
  total: 62462,
  variants: 2,
  metric: 'conversion',
  baseline: 0.05,
  mde: 0.1,
  mdeType: 'relative',
  absoluteEffect: 0.005,
  alpha: 0.05,
  comparisonAlpha: 0.05,
  power: 0.8,
};

// A mean computed by hand, independently of the code: n = 2σ²(z₀.₉₇₅ + z₀.₈)² / δ², rounded up.
// σ = 12 (σ² = 144), mean 50 and a relative MDE of 5%, so δ = 2.5. With z₀.₉₇₅ = 1.959964 and
// z₀.₈ = 0.841621 (normal tables): (2.801585)² = 7.848879, and 2 · 144 · 7.848879 / 6.25 = 361.676,
// so 362 units per variant.
const MEAN_PER_VARIANT = 362;

describe('switchyard stats sample-size', () => {
  it('answers the seed case in text', async () => {
    expect(await sampleSize('--baseline', '0.05', '--mde', '0.1')).toEqual({
      code: 0,
      stdout:
        '31,231 units per variant, 62,462 in total over 2 variants.\n' +
        '  metric  conversion rate, baseline 5%\n' +
        '  effect  +10% relative: 5% → 5.5% (absolute 0.005)\n' +
        '  test    two-sided, alpha 0.05, power 0.8\n',
      stderr: '',
    });
  });

  it('answers the seed case in JSON, perVariant first', async () => {
    const run = await sampleSize('--baseline', '0.05', '--mde', '0.1', '--format', 'json');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\{\n {2}"perVariant": 31231,\n/);
    expect(JSON.parse(run.stdout)).toEqual(SEED);
  });

  it('reads percentages as fractions: 5% is 0.05', async () => {
    expect(await json('--baseline', '5%', '--mde', '10%', '--alpha', '5%', '--power', '80%')).toEqual(SEED);
    expect(await json('--baseline', '.05', '--mde', '1e-1')).toEqual(SEED);
  });

  it('plans a mean from its standard deviation, against a value computed by hand', async () => {
    expect(await json('--mean', '50', '--std-dev', '12', '--mde', '0.05')).toEqual({
      perVariant: MEAN_PER_VARIANT,
      total: 2 * MEAN_PER_VARIANT,
      variants: 2,
      metric: 'mean',
      mean: 50,
      stdDev: 12,
      variance: 144,
      mde: 0.05,
      mdeType: 'relative',
      absoluteEffect: 2.5,
      alpha: 0.05,
      comparisonAlpha: 0.05,
      power: 0.8,
    });
    const text = await sampleSize('--mean', '50', '--std-dev', '12', '--mde', '5%');
    expect(text.stdout).toBe(
      '362 units per variant, 724 in total over 2 variants.\n' +
        '  metric  mean 50, standard deviation 12 (variance 144)\n' +
        '  effect  +5% relative: 50 → 52.5 (absolute 2.5)\n' +
        '  test    two-sided, alpha 0.05, power 0.8\n',
    );
  });

  it('takes the variance instead of the standard deviation, and an absolute effect without the mean', async () => {
    expect(await json('--mean', '50', '--variance', '144', '--mde', '5%')).toMatchObject({
      perVariant: MEAN_PER_VARIANT,
      stdDev: 12,
      variance: 144,
    });
    const absolute = await json('--std-dev', '12', '--mde', '2.5', '--mde-type', 'absolute');
    expect(absolute).toMatchObject({
      perVariant: MEAN_PER_VARIANT,
      mdeType: 'absolute',
      absoluteEffect: 2.5,
    });
    expect(absolute).not.toHaveProperty('mean');
    const text = await sampleSize('--variance', '144', '--mde', '2.5', '--mde-type', 'absolute');
    expect(text.stdout).toContain(
      '  metric  mean, standard deviation 12 (variance 144)\n  effect  +2.5 absolute\n',
    );
  });

  it('takes an absolute effect on a conversion rate in percentage points', async () => {
    // p1 = 0.2, p2 = 0.21, alpha 0.01, power 0.9: 48,492 (the reference of @switchyard/stats' tests)
    const plan = await json(
      '--baseline',
      '20%',
      '--mde',
      '1%',
      '--mde-type',
      'absolute',
      '--alpha',
      '0.01',
      '--power',
      '0.9',
    );
    expect(plan).toMatchObject({ perVariant: 48492, absoluteEffect: 0.01, mdeType: 'absolute' });
    const text = await sampleSize('--baseline', '0.2', '--mde', '0.01', '--mde-type', 'absolute');
    expect(text.stdout).toContain('  effect  +0.01 absolute: 20% → 21%\n');
  });

  it('tests each of several treatments at alpha / (variants − 1), and says so', async () => {
    // alpha' = 0.025: 37,820.54 → 37,821 per variant (the reference of @switchyard/stats' tests)
    expect(await json('--baseline', '0.05', '--mde', '0.1', '--variants', '3')).toEqual({
      ...SEED,
      perVariant: 37821,
      total: 3 * 37821,
      variants: 3,
      comparisonAlpha: 0.025,
    });
    const run = await sampleSize('--baseline', '0.05', '--mde', '0.1', '--variants', '4');
    expect(run.stdout).toContain(' over 4 variants.\n');
    expect(run.stdout).toContain('  test    two-sided, alpha 0.05 (0.0166667 per comparison), power 0.8\n');
    expect(run.stdout).toMatch(
      /\nBonferroni: each of the 3 treatments is compared with the control at alpha 0\.0166667\n\(0\.05 \/ 3\), so the chance of any false positive stays at most 0\.05\.\n$/,
    );
    expect((await sampleSize('--baseline', '0.05', '--mde', '0.1')).stdout).not.toContain('Bonferroni');
  });

  it('gives the duration in whole days from the daily traffic of all variants together', async () => {
    // 62,462 units at 5,000 a day: 12.49 → 13 days.
    expect(await json('--baseline', '0.05', '--mde', '0.1', '--daily-traffic', '5000')).toEqual({
      ...SEED,
      dailyTraffic: 5000,
      durationDays: 13,
    });
    const run = await sampleSize('--baseline', '0.05', '--mde', '0.1', '--daily-traffic', '5000');
    expect(run.stdout).toContain('  duration  13 days at 5,000 units a day, all variants together\n');
    const oneDay = await sampleSize('--baseline', '0.05', '--mde', '0.1', '--daily-traffic', '62462');
    expect(oneDay.stdout).toContain('  duration  1 day at 62,462 units a day, all variants together\n');
    expect(await json('--baseline', '0.05', '--mde', '0.1')).not.toHaveProperty('durationDays');
  });

  it.each([
    // a value out of its range, or not a number
    [
      ['--baseline', '5', '--mde', '0.1'],
      "option '--baseline' must be between 0 and 1 (exclusive), got '5' (for 5%, write 0.05 or 5%)",
    ],
    [['--baseline', '0', '--mde', '0.1'], "option '--baseline' must be between 0 and 1 (exclusive), got '0'"],
    [
      ['--baseline', '100%', '--mde', '0.1'],
      "option '--baseline' must be between 0 and 1 (exclusive), got '100%'",
    ],
    [
      ['--baseline', 'five', '--mde', '0.1'],
      "option '--baseline' must be a number or a percentage (0.05 or 5%), got 'five'",
    ],
    [
      ['--baseline', '0.05', '--mde', '0'],
      "option '--mde' must be above 0 (the size of the smallest change worth detecting, either way), got '0'",
    ],
    [
      ['--baseline', '0.05', '--mde=-10%'],
      "option '--mde' must be above 0 (the size of the smallest change worth detecting, either way), got '-10%'",
    ],
    [
      ['--baseline', '0.6', '--mde', '1'],
      "option '--mde' is too large for --baseline 0.6: the treatment's rate would be 1.2, and a rate must be below 1",
    ],
    [
      ['--baseline', '95%', '--mde', '5%', '--mde-type', 'absolute'],
      "option '--mde' is too large for --baseline 95%: the treatment's rate would be 1, and a rate must be below 1",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--alpha', '1'],
      "option '--alpha' must be between 0 and 1 (exclusive), got '1'",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--power', '80'],
      "option '--power' must be between 0 and 1 (exclusive), got '80' (for 80%, write 0.8 or 80%)",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--variants', '1'],
      "option '--variants' must be a whole number of at least 2 (the control counts as one), got '1'",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--variants', '2.5'],
      "option '--variants' must be a whole number of at least 2 (the control counts as one), got '2.5'",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--daily-traffic', '0'],
      "option '--daily-traffic' must be a number of units per day above 0, got '0'",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--daily-traffic', '1,000'],
      "option '--daily-traffic' must be a number, got '1,000'",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--daily-traffic', '10%'],
      "option '--daily-traffic' must be a number, got '10%' (percentages are for --baseline, --mde, --alpha and --power)",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--mde-type', 'relatve'],
      "option '--mde-type' must be 'relative' or 'absolute', got 'relatve' (did you mean 'relative'?)",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--format', 'yaml'],
      "option '--format' must be 'text' or 'json', got 'yaml'",
    ],
    [['--mean', '50', '--std-dev', '0', '--mde', '0.1'], "option '--std-dev' must be above 0, got '0'"],
    [['--mean', '50', '--variance=-4', '--mde', '0.1'], "option '--variance' must be above 0, got '-4'"],
    [
      ['--mean', '5%', '--std-dev', '1', '--mde', '0.1'],
      "option '--mean' must be a number, got '5%' (percentages are for --baseline, --mde, --alpha and --power)",
    ],
    [
      ['--mean', '0', '--std-dev', '1', '--mde', '0.1'],
      "option '--mean' must not be 0 with a relative --mde (the effect is a fraction of the mean); for an effect in the metric's units, add --mde-type absolute",
    ],
    [
      ['--std-dev', '1', '--mde', '5%', '--mde-type', 'absolute'],
      "option '--mde' must be a number, got '5%' (an absolute --mde of a mean is in the metric's units; for a change relative to the mean, give --mean M and leave out --mde-type absolute)",
    ],
    // conflicting options
    [
      ['--baseline', '0.05', '--mean', '50', '--std-dev', '12', '--mde', '0.1'],
      "options '--baseline' and '--mean' cannot be used together: --baseline plans a conversion rate, --mean with --std-dev or --variance a mean",
    ],
    [
      ['--baseline', '0.05', '--variance', '4', '--mde', '0.1'],
      "options '--baseline' and '--variance' cannot be used together: --baseline plans a conversion rate, --mean with --std-dev or --variance a mean",
    ],
    [
      ['--mean', '50', '--std-dev', '12', '--variance', '144', '--mde', '0.1'],
      "options '--std-dev' and '--variance' cannot be used together: give the spread one way",
    ],
    // missing options
    [
      [],
      "option '--baseline RATE' is required (for a mean metric: '--mean M' with '--std-dev S' or '--variance V')",
    ],
    [
      ['--mde', '0.1'],
      "option '--baseline RATE' is required (for a mean metric: '--mean M' with '--std-dev S' or '--variance V')",
    ],
    [['--baseline', '0.05'], "option '--mde EFFECT' is required"],
    [
      ['--mean', '50', '--mde', '0.1'],
      "a mean metric needs the spread of its values: option '--std-dev S' or '--variance V' is required with '--mean'",
    ],
    [
      ['--std-dev', '12', '--mde', '0.1'],
      "option '--mean M' is required with a relative --mde (the effect is a fraction of the mean); for an effect in the metric's units, add --mde-type absolute",
    ],
    [['--baseline', '0.05', '--mde'], "option '--mde' needs a value"],
    // the command line itself
    [['--basline', '0.05', '--mde', '0.1'], "unknown option '--basline' (did you mean '--baseline'?)"],
    [
      ['--mean', '50', '--std-dv', '12', '--mde', '0.1'],
      "unknown option '--std-dv' (did you mean '--std-dev'?)",
    ],
    [
      ['--baseline', '0.05', '--mde', '0.1', '--daily-trafic', '5000'],
      "unknown option '--daily-trafic' (did you mean '--daily-traffic'?)",
    ],
    [['--baseline', '0.05', '--mde', '0.1', '10000'], "unexpected argument '10000'"],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    expect(await sampleSize(...args)).toEqual({
      code: 2,
      stdout: '',
      stderr: `switchyard: error: ${message}\nRun 'switchyard stats sample-size --help' for usage.\n`,
    });
  });

  it('takes a negative mean written --mean=-M', async () => {
    expect(await json('--mean=-50', '--std-dev', '12', '--mde', '5%')).toMatchObject({
      perVariant: MEAN_PER_VARIANT,
      mean: -50,
    });
  });
});

describe('switchyard stats', () => {
  it.each([
    [['stats', '--help'], /^Usage:\n {2}switchyard stats sample-size --baseline RATE/],
    [['help', 'stats'], /^Usage:\n {2}switchyard stats sample-size --baseline RATE/],
    [
      ['stats', 'sample-size', '--help'],
      /^Usage:\n {2}switchyard stats sample-size --baseline RATE --mde EFFECT \[--mde-type/,
    ],
    [
      ['stats', 'sample-size', '--baseline', '5', '-h'],
      /^Usage:\n {2}switchyard stats sample-size --baseline RATE --mde EFFECT \[--mde-type/,
    ],
    [
      ['help', 'stats', 'sample-size'],
      /^Usage:\n {2}switchyard stats sample-size --baseline RATE --mde EFFECT \[--mde-type/,
    ],
  ])('%j prints the help', async (argv, help) => {
    const run = await runCli(argv);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(help);
  });

  it('documents percentages and the JSON fields in the sample-size help', async () => {
    const { stdout } = await runCli(['stats', 'sample-size', '--help']);
    expect(stdout).toContain(
      '--baseline, --mde, --alpha and --power may be written as percentages: 5% is 0.05.',
    );
    expect(stdout).toContain('"perVariant", "total", "variants"');
  });

  it('without a subcommand prints its help on stderr and exits 2', async () => {
    const run = await runCli(['stats']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage:\n {2}switchyard stats sample-size/);
  });

  it.each([
    [['stats', 'sample-sise'], "unknown stats command 'sample-sise' (did you mean 'sample-size'?)"],
    [['stats', '--baseline', '0.05'], "expected a command before '--baseline'"],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    expect(await runCli(argv)).toEqual({
      code: 2,
      stdout: '',
      stderr: `switchyard: error: ${message}\nRun 'switchyard stats --help' for usage.\n`,
    });
  });
});
