import { InvalidArgumentError, sampleRatioMismatch } from '@switchyard/stats';
import { expect, test } from 'vitest';
import { expectClose } from './support/close.js';

test('50/50 split, mild imbalance: no mismatch', () => {
  const r = sampleRatioMismatch([5000, 5210], [50, 50]);
  expectClose(r.chiSquare, 4.319294809010774); // scipy.stats.chisquare([5000, 5210]).statistic
  expectClose(r.pValue, 0.037682535473058755); // scipy.stats.chisquare([5000, 5210]).pvalue
  expect(r.expected).toEqual([5105, 5105]);
  expect(r.degreesOfFreedom).toBe(1);
  expect(r.mismatch).toBe(false);
});

test('three variants', () => {
  // scipy.stats.chisquare([3300, 3350, 3200]).pvalue
  expectClose(sampleRatioMismatch([3300, 3350, 3200], [1, 1, 1]).pValue, 0.1692040753354951);
});

test('uneven weights: 90/10 expected, 8,890/1,110 observed is a mismatch', () => {
  const r = sampleRatioMismatch([8890, 1110], [90, 10]);
  expectClose(r.chiSquare, 13.444444444444445); // scipy.stats.chisquare([8890, 1110], [9000, 1000])
  expectClose(r.pValue, 0.00024573277993030434);
  expect(r.mismatch).toBe(true);
});

test('the threshold is strict: p = 0.00148 is not a mismatch at 0.001', () => {
  const r = sampleRatioMismatch([50000, 49000], [1, 1]);
  expectClose(r.pValue, 0.0014818807747203882); // scipy.stats.chisquare([50000, 49000]).pvalue
  expect(r.mismatch).toBe(false);
  expect(sampleRatioMismatch([50000, 49000], [1, 1], { threshold: 0.01 }).mismatch).toBe(true);
});

test('invalid inputs name the field', () => {
  expect(() => sampleRatioMismatch([10], [1])).toThrow(InvalidArgumentError);
  expect(() => sampleRatioMismatch([10, 20], [1])).toThrow('weights must have one weight per variant (2)');
  expect(() => sampleRatioMismatch([10, 20], [1, 0])).toThrow(
    'weights[1] must be a finite number > 0, got 0',
  );
  expect(() => sampleRatioMismatch([10, -2], [1, 1])).toThrow('observed[1] must be an integer >= 0, got -2');
  expect(() => sampleRatioMismatch([0, 0], [1, 1])).toThrow('observed must contain at least one unit');
});
