import { describeValue } from '../describe-value.js';
import { isObject } from '../document/read-document.js';
import type { ValidationIssue } from '../types.js';

/**
 * The problems flagd refuses a whole document for (lenient parsing throws on these, strict validation
 * reports them too): a flag that is not an object, an unknown state, variants that are not a map, a
 * default variant that is not one of the variants, metadata that is not a map.
 */
export function fatalFlagProblems(path: string, definition: unknown): ValidationIssue[] {
  if (!isObject(definition)) return [{ path, message: 'a flag must be an object' }];
  const issues: ValidationIssue[] = [];
  const { state, variants, defaultVariant, metadata } = definition;
  if (state !== undefined && state !== 'ENABLED' && state !== 'DISABLED') {
    issues.push({
      path: `${path}/state`,
      message: `must be "ENABLED" or "DISABLED", got ${describeValue(state)}`,
    });
  }
  if (variants !== undefined && !isObject(variants)) {
    issues.push({ path: `${path}/variants`, message: 'must be an object mapping variant names to values' });
  }
  if (defaultVariant !== undefined && defaultVariant !== null) {
    if (typeof defaultVariant !== 'string') {
      issues.push({ path: `${path}/defaultVariant`, message: 'must be a variant name (string) or null' });
    } else if (!isObject(variants) || !Object.hasOwn(variants, defaultVariant)) {
      issues.push({
        path: `${path}/defaultVariant`,
        message: `${describeValue(defaultVariant)} is not one of the flag's variants`,
      });
    }
  }
  if (metadata !== undefined && !isObject(metadata)) {
    issues.push({
      path: `${path}/metadata`,
      message: 'must be an object of string, number or boolean values',
    });
  }
  return issues;
}
