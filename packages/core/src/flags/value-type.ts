import type { FlagValueType } from '../types.js';

/** The OpenFeature type of a value; arrays are not a flag type (schema: object variants are maps). */
export function valueType(value: unknown): FlagValueType | undefined {
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'object':
      return value !== null && !Array.isArray(value) ? 'object' : undefined;
    default:
      return undefined;
  }
}

/** Whether a resolved value can be returned by the typed accessor for `type` (arrays count as objects). */
export function matchesType(value: unknown, type: FlagValueType): boolean {
  if (type === 'object') return typeof value === 'object' && value !== null;
  return typeof value === type;
}

/**
 * Freezes a variant value so callers cannot change what later evaluations return. An explicit stack, not
 * recursion: JSON text can nest deeper than the JavaScript stack.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const child of Object.values(next)) pending.push(child);
  }
  return value;
}
