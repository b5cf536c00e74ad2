/** Appends one reference token to a JSON Pointer (RFC 6901 escaping). */
export function pointer(base: string, token: string | number): string {
  // Most tokens need no escaping; skip the replacements on the load path.
  if (typeof token === 'number' || (token.indexOf('~') === -1 && token.indexOf('/') === -1))
    return `${base}/${token}`;
  return `${base}/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
