import type { Issue } from '../http/errors.js';

export const defaultFlagKeyPattern = '^[a-z0-9][a-z0-9._-]*$';

/** Issues for a flag key that breaks the configured naming rule (empty when it follows it). */
export function flagKeyIssues(key: string, rule: RegExp, path: string): Issue[] {
  if (rule.test(key)) return [];
  return [{ path, message: `flag key "${key}" does not follow the naming rule ${rule.source}` }];
}
