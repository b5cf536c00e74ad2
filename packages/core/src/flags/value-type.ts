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

/** Freezes a variant value so callers cannot change what later evaluations return. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
