import { SwitchyardSdkError } from '../errors.js';

/** The error for a bad provider option, naming it. */
export function invalid(field: string, problem: string): SwitchyardSdkError {
  return new SwitchyardSdkError('INVALID_OPTIONS', `SwitchyardProvider option "${field}" ${problem}`, {
    fatal: true,
  });
}

export function duration(field: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw invalid(field, `must be a number of milliseconds of at least ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function count(field: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function onOff(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(field, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
