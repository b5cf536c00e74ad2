import { isObject } from '../document/read-document.js';
import { pointer } from '../json-pointer.js';
import type { ValidationIssue } from '../types.js';

/** Metadata maps hold only strings, numbers and booleans (flagd schema). */
export function checkMetadata(path: string, metadata: unknown): ValidationIssue[] {
  if (metadata === undefined || !isObject(metadata)) return [];
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      issues.push({
        path: pointer(path, key),
        message: 'metadata values must be strings, numbers or booleans',
      });
    }
  }
  return issues;
}
