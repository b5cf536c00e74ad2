import { InvalidArgumentError } from './errors.js';

export function requireFinite(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidArgumentError(field, 'must be a finite number', value);
  return value;
}

/** Open unit interval: significance levels, power, probabilities that must not be certain. */
export function requireOpenUnit(field: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1))
    throw new InvalidArgumentError(field, 'must be in (0, 1)', value);
  return value;
}

export function requirePositive(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0))
    throw new InvalidArgumentError(field, 'must be a finite number > 0', value);
  return value;
}

export function requireNonNegative(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new InvalidArgumentError(field, 'must be a finite number >= 0', value);
  return value;
}

/** Unit counts: whole numbers >= min. */
export function requireCount(field: string, value: number, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new InvalidArgumentError(field, `must be an integer >= ${min}`, value);
  return value;
}
