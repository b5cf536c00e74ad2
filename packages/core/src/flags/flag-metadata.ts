import { isObject } from '../document/read-document.js';
import type { FlagMetadata } from '../types.js';

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Flag-set metadata overlaid with the flag's own (the flag wins); only scalar values are kept. */
export function mergeMetadata(setMetadata: unknown, flagMetadata: unknown): FlagMetadata {
  // A Map, then own properties: assigning `merged[key]` would turn a key named `__proto__` into a prototype.
  const merged = new Map<string, string | number | boolean>();
  for (const source of [setMetadata, flagMetadata]) {
    if (!isObject(source)) continue;
    for (const [key, value] of Object.entries(source)) if (isScalar(value)) merged.set(key, value);
  }
  return Object.freeze(Object.fromEntries(merged));
}
