import { isObject } from '../document/read-document.js';
import { pointer } from '../json-pointer.js';
import { suggest } from '../suggest.js';
import type { ValidationIssue } from '../types.js';

const TOP_LEVEL = ['flags', '$evaluators', 'metadata', '$schema'] as const;
const FLAG = ['state', 'variants', 'defaultVariant', 'targeting', 'metadata'] as const;
/** The daemon's array form carries each flag's key inside the flag. */
const ARRAY_FLAG = [...FLAG, 'key'] as const;

/**
 * Every property of the top level and of each flag that the flagd format does not define, with a
 * suggestion when it looks like a misspelt known name. flagd's schema tolerates such properties and
 * every loader ignores them, so a `"targetting"` would otherwise silently leave a flag untargeted.
 * Only own properties are considered: `constructor` or `__proto__` in a document are unknown names,
 * never something inherited. Variants, metadata and `$evaluators` hold user-chosen names and are not
 * checked. A document that is not an object yields nothing (the other validations say why).
 */
export function unknownFieldIssues(document: unknown): ValidationIssue[] {
  if (!isObject(document)) return [];
  const issues = unknownProperties(document, '', TOP_LEVEL);
  const { flags } = document;
  if (Array.isArray(flags)) {
    flags.forEach((flag, index) => {
      if (isObject(flag)) issues.push(...unknownProperties(flag, pointer('/flags', index), ARRAY_FLAG));
    });
  } else if (isObject(flags)) {
    for (const key of Object.keys(flags)) {
      const flag = flags[key];
      if (isObject(flag)) issues.push(...unknownProperties(flag, pointer('/flags', key), FLAG));
    }
  }
  return issues;
}

function unknownProperties(
  object: Record<string, unknown>,
  path: string,
  known: readonly string[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const name of Object.keys(object)) {
    if (known.includes(name)) continue;
    const suggestion = suggest(name, known, 1)[0];
    issues.push({
      path: pointer(path, name),
      message: `unknown property ${JSON.stringify(name)}${suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`}`,
    });
  }
  return issues;
}
