/** Appends one reference token to a JSON Pointer (RFC 6901 escaping). */
export function pointer(base: string, token: string | number): string {
  return `${base}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
