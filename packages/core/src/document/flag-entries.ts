import { pointer } from '../json-pointer.js';
import { isObject } from './read-document.js';

/** One flag of a document with the JSON Pointer it lives at (map and array forms alike). */
export interface FlagEntry {
  readonly key: string;
  readonly path: string;
  readonly definition: unknown;
}

/**
 * Lists the flags of a document. `flags` is a map in provider configs; flagd's daemon also accepts an
 * array of flags carrying a `key`. Problems with the container itself are returned, not thrown.
 */
export function flagEntries(doc: Record<string, unknown>): {
  entries: FlagEntry[];
  problems: { path: string; message: string }[];
} {
  const flags = doc.flags;
  const entries: FlagEntry[] = [];
  const problems: { path: string; message: string }[] = [];
  if (flags === undefined) {
    problems.push({ path: '/flags', message: 'is required' });
  } else if (Array.isArray(flags)) {
    const seen = new Set<string>();
    flags.forEach((definition, i) => {
      const path = pointer('/flags', i);
      const key = isObject(definition) ? definition.key : undefined;
      if (typeof key !== 'string' || key === '') {
        problems.push({
          path: `${path}/key`,
          message: 'a flag in a flags array needs a non-empty string "key"',
        });
        return;
      }
      if (seen.has(key)) problems.push({ path: `${path}/key`, message: `duplicate flag key "${key}"` });
      seen.add(key);
      // The array form carries the key inside the flag; the map form, which every caller uses, outside.
      const { key: _key, ...withoutKey } = definition as Record<string, unknown>;
      entries.push({ key, path, definition: withoutKey });
    });
  } else if (isObject(flags)) {
    for (const [key, definition] of Object.entries(flags)) {
      if (key === '') problems.push({ path: '/flags/', message: 'a flag key must not be empty' });
      entries.push({ key, path: pointer('/flags', key), definition });
    }
  } else {
    problems.push({ path: '/flags', message: 'must be an object mapping flag keys to flags' });
  }
  return { entries, problems };
}

/**
 * Flags keyed by their keys, each an own property (an assignment would make a flag named `__proto__` the
 * prototype); a key given twice keeps its last definition.
 */
export function flagMap(entries: readonly FlagEntry[]): Record<string, unknown> {
  return Object.fromEntries(entries.map(({ key, definition }) => [key, definition]));
}

/**
 * The flags of a document in map form (flagd's array form converted), with the problems found on the
 * way: a flag without a key, a key given twice, a `flags` member of the wrong shape.
 */
export function flagMapOf(doc: Record<string, unknown>): {
  flags: Record<string, unknown>;
  problems: { path: string; message: string }[];
} {
  const { entries, problems } = flagEntries(doc);
  return { flags: flagMap(entries), problems };
}
