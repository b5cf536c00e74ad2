import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../src/errors.js';
import { parseWeights } from '../src/experiment/create-body.js';
import { effect, mean, plain, pValue, relative } from '../src/experiment/figures.js';
import { parseMetricOption } from '../src/experiment/metric-spec.js';

// The command-line syntax of `experiment create` for metrics and weights, and how `results` writes figures.

const metric = (text: string) => parseMetricOption(text, '--primary-metric', 'experiment create');
const usageError = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CliUsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('metric option', () => {
  it('reads TYPE:EVENT, a key, a ratio and lower-is-better', () => {
    expect(metric('conversion:purchase')).toEqual({ type: 'conversion', event: 'purchase' });
    expect(metric('mean: purchase ')).toEqual({ type: 'mean', event: 'purchase' });
    expect(metric('errors=count:checkout-error:lower-is-better')).toEqual({
      key: 'errors',
      type: 'count',
      event: 'checkout-error',
      higherIsBetter: false,
    });
    expect(metric('aov=ratio:purchase.value/purchase.count')).toEqual({
      key: 'aov',
      type: 'ratio',
      numerator: { event: 'purchase', of: 'value' },
      denominator: { event: 'purchase', of: 'count' },
    });
    // An event name with '=' after the type is the event's, not a key.
    expect(metric('count:a=b')).toEqual({ type: 'count', event: 'a=b' });
  });

  it('takes the JSON form as it is', () => {
    expect(metric('{"type":"count","event":"x:y","higherIsBetter":false}')).toEqual({
      type: 'count',
      event: 'x:y',
      higherIsBetter: false,
    });
  });

  it('names the problem and suggests the intended word', () => {
    expect(usageError(() => metric('conversoin:purchase'))).toContain(
      "unknown metric type 'conversoin' (did you mean 'conversion'?)",
    );
    expect(usageError(() => metric('count'))).toContain("no event after 'count:'");
    expect(usageError(() => metric('count:x:lower-is-beter'))).toContain("(did you mean 'lower-is-better'?)");
    expect(usageError(() => metric('count:x:lower-is-better:more'))).toContain("too many ':'");
    expect(usageError(() => metric('ratio:purchase.sum/purchase.count'))).toContain(
      "'purchase.sum' in a ratio must be EVENT.value",
    );
    expect(usageError(() => metric('{"type":'))).toContain('invalid JSON');
  });
});

describe('weights option', () => {
  it('reads VARIANT=WEIGHT pairs or a JSON object', () => {
    expect(parseWeights('off=50, on=50', 'c')).toEqual({ off: 50, on: 50 });
    expect(parseWeights('{"a":1,"b":3}', 'c')).toEqual({ a: 1, b: 3 });
  });

  it('refuses anything else, naming the part', () => {
    expect(usageError(() => parseWeights('off=50,on', 'c'))).toContain("('on' is not one)");
    expect(usageError(() => parseWeights('off=half', 'c'))).toContain("('off=half' is not one)");
    expect(usageError(() => parseWeights('on=1,on=2', 'c'))).toContain("variant 'on' is given twice");
  });
});

describe('figures', () => {
  it('writes conversion rates as percentages and their effects in points', () => {
    expect(mean(0.175, 'conversion')).toBe('17.50%');
    expect(effect(0.075, [0.0274, 0.1226], 'conversion')).toBe('+7.50 pts [+2.74, +12.26]');
    expect(effect(-0.01, null, 'conversion')).toBe('−1.00 pts');
  });

  it('writes other metrics with 4 significant digits, relative effects and p-values', () => {
    expect(mean(4.2, 'mean')).toBe('4.2');
    expect(plain(1234.56)).toBe('1,234.6');
    expect(plain(0.0123456)).toBe('0.01235');
    expect(effect(1.9134, [0.78771, 3.0371], 'mean')).toBe('+1.913 [+0.7877, +3.037]');
    expect(relative(0.75, [0.113, 1.387])).toBe('+75.0% [+11.3%, +138.7%]');
    expect(relative(-0.05, [-0.1, 0])).toBe('−5.0% [−10.0%, ±0.0%]');
    expect(pValue(0.00196)).toBe('0.0020');
    expect(pValue(0.00001)).toBe('<0.0001');
    expect(mean(null, 'count')).toBe('-');
  });
});
