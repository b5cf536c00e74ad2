import type { Issue } from '../kernel/errors.js';
import type { LifecycleSettings } from './lifecycle-settings.js';

/** What a new flag breaks of the project's naming and ownership policy. Pure. */
export function namingIssues(
  naming: LifecycleSettings['naming'],
  flag: { key: string; owner?: string; description?: string; kind?: string },
  path: (p: string) => string,
): Issue[] {
  const issues: Issue[] = [];
  if (naming.keyPattern !== null && !new RegExp(naming.keyPattern, 'u').test(flag.key)) {
    issues.push({
      path: path('/key'),
      message: `"${flag.key}" does not match the project's flag key pattern ${naming.keyPattern}`,
    });
  }
  const required = [
    ['owner', naming.requireOwner, flag.owner],
    ['description', naming.requireDescription, flag.description],
    ['kind', naming.requireKind, flag.kind],
  ] as const;
  for (const [field, needed, value] of required) {
    if (needed && (value === undefined || value.trim() === '')) {
      issues.push({
        path: path(`/${field}`),
        message: `is required by the project's policy (naming.require${field[0]!.toUpperCase()}${field.slice(1)})`,
      });
    }
  }
  return issues;
}
