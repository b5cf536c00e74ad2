import type { FlagSetDocument } from '@switchyard/core';
import { pointer } from '@switchyard/core';
import type { Issue } from '../kernel/errors.js';

/**
 * `{"$ref": name}` in targeting must name one of the document's `$evaluators`: an unknown
 * reference would make the flag answer PARSE_ERROR at evaluation time, so it is refused at write time.
 */
export function unknownReferenceIssues(document: FlagSetDocument): Issue[] {
  const known = new Set(Object.keys(document.$evaluators ?? {}));
  const issues: Issue[] = [];
  for (const [key, flag] of Object.entries(document.flags)) {
    for (const name of collectRefs(flag.targeting)) {
      if (!known.has(name)) {
        issues.push({
          path: `${pointer('/flags', key)}/targeting`,
          message: `refers to segment "${name}", which does not exist`,
        });
      }
    }
  }
  return issues;
}

function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else collectRefs(item, found);
    }
  }
  return found;
}
