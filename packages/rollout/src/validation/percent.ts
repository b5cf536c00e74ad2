import { toBasisPoints } from '../weights.js';
import { checkNumber, type Issues } from './issues.js';

/** A weight percentage in (min, 100] that the integer split over 10,000 can express. */
export function checkPercent(
  issues: Issues,
  path: string,
  value: unknown,
  what: string,
  min = 0,
): value is number {
  if (!checkNumber(issues, path, value, what)) return false;
  if (!(value > min && value <= 100)) {
    issues.add(path, `${what} must be in (${min}, 100], got ${value}`);
    return false;
  }
  if (toBasisPoints(value) === null) {
    issues.add(path, `${what} must be a multiple of 0.01 (weights are integers over 10000), got ${value}`);
    return false;
  }
  return true;
}
