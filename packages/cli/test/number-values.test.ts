import { describe, expect, it } from 'vitest';
import { decimalOf, groupDigits, percentageOf, tidyNumber } from '../src/args/number-values.js';
import { CliUsageError } from '../src/errors.js';
import { planSampleSize } from '../src/stats/sample-size-report.js';

describe('numbers on the command line', () => {
  it.each([
    ['5', 5],
    ['0.05', 0.05],
    ['.05', 0.05],
    ['5.', 5],
    ['-2.5', -2.5],
    ['+3', 3],
    ['1e4', 10_000],
    ['2.5E-3', 0.0025],
  ])('%j is the number %d', (text, value) => {
    expect(decimalOf(text)).toBe(value);
  });

  it.each(['', ' ', '5%', '0x10', 'Infinity', 'NaN', '1_000', '1,000', '1e999', '.', '1e', '--1'])(
    '%j is not a number',
    (text) => {
      expect(decimalOf(text)).toBeUndefined();
    },
  );

  it('reads a percentage as its decimal fraction, exactly', () => {
    expect(percentageOf('5%')).toBe(0.05);
    expect(percentageOf('5.5%')).toBe(0.055);
    expect(percentageOf('.5%')).toBe(0.005);
    expect(percentageOf('100%')).toBe(1);
    expect(percentageOf('-10%')).toBe(-0.1);
    for (const text of ['5', '5 %', '%', '1e3%', 'five%']) expect(percentageOf(text)).toBeUndefined();
  });

  it('tidies binary noise and groups digits', () => {
    expect(tidyNumber(0.05 * 1.1 - 0.05)).toBe(0.005);
    expect(groupDigits(31231)).toBe('31,231');
    expect(groupDigits(1234567.25)).toBe('1,234,567.25');
    expect(groupDigits(999)).toBe('999');
  });
});

describe('planSampleSize', () => {
  const settings = { mde: 0.1, mdeType: 'relative', alpha: 0.05, power: 0.8, variants: 2 } as const;

  it('names the option when @switchyard/stats refuses a value the option checks let through', () => {
    const refused = () => planSampleSize({ metric: 'conversion', baseline: 2, settings });
    expect(refused).toThrow(CliUsageError);
    expect(refused).toThrow("option '--baseline' must be in (0, 1), got 2");
    expect(() => planSampleSize({ metric: 'mean', mean: 5, variance: 0, stdDev: 0, settings })).toThrow(
      "option '--std-dev' must be a finite number > 0, got 0",
    );
  });
});
