import type { Issue } from '../kernel/errors.js';

export const defaultFlagKeyPattern = '^[a-z0-9][a-z0-9._-]*$';
/** Keys travel in URLs, logs and code references: long enough for any sensible name. */
export const maxFlagKeyLength = 200;

/** Issues for a flag key that breaks the configured naming rule or is too long (empty when it follows both). */
export function flagKeyIssues(key: string, rule: RegExp, path: string): Issue[] {
  if (key.length > maxFlagKeyLength) {
    return [{ path, message: `flag key is ${key.length} characters long; the limit is ${maxFlagKeyLength}` }];
  }
  if (rule.test(key)) return [];
  return [{ path, message: `flag key "${key}" does not follow the naming rule ${rule.source}` }];
}
