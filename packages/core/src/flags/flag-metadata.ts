import { setOwn } from '../document/own-property.js';
import { isObject } from '../document/read-document.js';
import type { FlagMetadata } from '../types.js';

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Flag-set metadata overlaid with the flag's own (the flag wins); only scalar values are kept. */
export function mergeMetadata(setMetadata: unknown, flagMetadata: unknown): FlagMetadata {
  const merged: Record<string, string | number | boolean> = {};
  for (const source of [setMetadata, flagMetadata]) {
    if (!isObject(source)) continue;
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (isScalar(value)) setOwn(merged, key, value);
    }
  }
  return Object.freeze(merged);
}
