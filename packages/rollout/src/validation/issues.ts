import type { PlanIssue } from '../errors.js';
import { closest } from './levenshtein.js';

/** Collects issues while a validator walks a document. */
export class Issues {
  readonly list: PlanIssue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

/** Appends one reference token to a JSON Pointer (RFC 6901 escaping). */
export function pointer(base: string, token: string | number): string {
  return `${base}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function hint(word: string, candidates: readonly string[]): string {
  const suggestion = closest(word, candidates);
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}

/** Reports every key of `object` outside `allowed`, suggesting the nearest allowed name. */
export function checkKeys(
  issues: Issues,
  path: string,
  object: Record<string, unknown>,
  allowed: readonly string[],
) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) issues.add(pointer(path, key), `unknown field "${key}"${hint(key, allowed)}`);
  }
}

/** Reports a value outside an enumeration, suggesting the nearest allowed value. */
export function checkEnum(
  issues: Issues,
  path: string,
  value: unknown,
  allowed: readonly string[],
  what: string,
): boolean {
  if (typeof value === 'string' && allowed.includes(value)) return true;
  const suggestion = typeof value === 'string' ? hint(value, allowed) : '';
  const choices = allowed.map((a) => `"${a}"`).join(', ');
  issues.add(path, `${what} must be one of ${choices}, got ${describe(value)}${suggestion}`);
  return false;
}

export function checkNonEmptyString(issues: Issues, path: string, value: unknown, what: string): boolean {
  if (typeof value === 'string' && value.length > 0) return true;
  issues.add(path, `${what} must be a non-empty string, got ${describe(value)}`);
  return false;
}

export function checkNumber(issues: Issues, path: string, value: unknown, what: string): value is number {
  if (typeof value === 'number' && Number.isFinite(value)) return true;
  issues.add(path, `${what} must be a finite number, got ${describe(value)}`);
  return false;
}
