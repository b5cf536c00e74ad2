import { InvalidDurationError } from './errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:\d+(?:\.\d+)?[smhd])+$/;
const PART = /(\d+(?:\.\d+)?)([smhd])/g;

/** Milliseconds in a duration string: one or more number-unit pairs, units s, m, h, d ("90s", "1h30m", "0.5d"). */
export function parseDuration(value: string): number {
  if (typeof value !== 'string' || !WHOLE.test(value)) throw new InvalidDurationError(value);
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!;
  if (!(ms > 0)) throw new InvalidDurationError(value);
  return Math.round(ms);
}

/** Whether a string parses as a positive duration. */
export function isDuration(value: unknown): value is string {
  try {
    parseDuration(value as string);
    return true;
  } catch {
    return false;
  }
}
