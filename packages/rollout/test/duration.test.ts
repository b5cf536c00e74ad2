import { InvalidDurationError, parseDuration } from '@switchyard/rollout';
import { expect, test } from 'vitest';

test.each([
  ['30s', 30_000],
  ['1s', 1000],
  ['10m', 600_000],
  ['2h', 7_200_000],
  ['1d', 86_400_000],
  ['1h30m', 5_400_000],
  ['0.5d', 43_200_000],
])('%s is %d ms', (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});

test.each(['', '10', '10x', '-5s', '5 m', 'm', '0s', '1h 30m'])('%j is rejected', (text) => {
  expect(() => parseDuration(text)).toThrow(InvalidDurationError);
});

test('a number is not a duration', () => {
  expect(() => parseDuration(60 as unknown as string)).toThrow(
    'duration must be a string like "30s", "10m", "2h", "1d" or "1h30m", got 60',
  );
});
