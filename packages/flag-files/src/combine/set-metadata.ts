import { canonicalJson } from './json-refs.js';

type Scalar = string | number | boolean;

export interface SplitSetMetadata {
  /** The combined document's `metadata`: the entries every file's set metadata has alike. */
  readonly common: Record<string, unknown> | undefined;
  /** Per file, its set metadata's other (scalar) entries, which its flags must carry themselves. */
  readonly extras: readonly (readonly [string, Scalar][])[];
}

/**
 * flagd answers a flag's metadata from its own source's flag-set metadata overlaid with the flag's.
 * One published document has one flag-set metadata, so it keeps the entries all files agree on and
 * each file's other entries move into its flags' metadata. Only scalars move: flagd drops any other
 * metadata value from answers. `common` is undefined when some file has no set metadata at all.
 */
export function splitSetMetadata(setMetadata: readonly unknown[]): SplitSetMetadata {
  const objects = setMetadata.map((metadata) => (isObject(metadata) ? metadata : undefined));
  const [first, ...others] = objects;
  const common =
    first !== undefined && others.every((metadata) => metadata !== undefined)
      ? Object.fromEntries(
          Object.entries(first).filter(([key, value]) =>
            others.every(
              (metadata) =>
                Object.hasOwn(metadata!, key) && canonicalJson(metadata![key]) === canonicalJson(value),
            ),
          ),
        )
      : undefined;
  const extras = objects.map((metadata) =>
    Object.entries(metadata ?? {}).filter(
      (entry): entry is [string, Scalar] =>
        isScalar(entry[1]) && !(common && Object.hasOwn(common, entry[0])),
    ),
  );
  return { common, extras };
}

/**
 * A flag's metadata with its file's set entries in front, as flagd merges them: set first, then the
 * flag's own scalar values on top (a value that is not a scalar does not hide the set's).
 */
export function foldSetMetadata(flagMetadata: unknown, extras: readonly [string, Scalar][]): unknown {
  if (extras.length === 0 || (flagMetadata !== undefined && !isObject(flagMetadata))) return flagMetadata;
  const merged = new Map<string, unknown>(extras);
  for (const [key, value] of Object.entries(flagMetadata ?? {})) {
    if (isScalar(value) || !merged.has(key)) merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
