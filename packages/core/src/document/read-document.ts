import { FlagSetValidationError } from '../errors.js';
import type { ValidationIssue } from '../types.js';

/** Accepts JSON text or an already-parsed document; a syntax error is reported as a validation issue. */
export function readDocument(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (error) {
    const issue: ValidationIssue = { path: '', message: `invalid JSON: ${(error as Error).message}` };
    throw new FlagSetValidationError([issue]);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
