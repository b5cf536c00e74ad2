/** OFREP evaluation paths (flagd also accepts a trailing slash on the bulk path). */
export const OFREP_BULK_PATH = '/ofrep/v1/evaluate/flags';
export const OFREP_SINGLE_PREFIX = `${OFREP_BULK_PATH}/`;
/** The single-flag route as Fastify names it (also the label metrics use). */
export const OFREP_SINGLE_ROUTE = `${OFREP_SINGLE_PREFIX}:key`;

/** The flag key of a single-flag path segment, or undefined when it is not valid percent-encoding. */
export function decodeFlagKey(segment: string): string | undefined {
  // Most keys need no decoding; decodeURIComponent would copy them anyway.
  if (segment.indexOf('%') < 0) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The raw key of a single-flag evaluation URL whose key does not decode; undefined for any other URL. */
export function undecodableFlagKey(url: string): string | undefined {
  const path = url.split('?')[0] ?? '';
  if (!path.startsWith(OFREP_SINGLE_PREFIX)) return undefined;
  const segment = path.slice(OFREP_SINGLE_PREFIX.length);
  return decodeFlagKey(segment) === undefined ? segment : undefined;
}
