import { serialize } from 'cookie';

export interface HttpOnlyCookieScope {
  readonly sameSite: 'strict' | 'lax';
  readonly path: string;
  /** Secure when the browser reached the server over https. */
  readonly secure: boolean;
}

/** A `Set-Cookie` value no script can read, kept for `maxAgeSeconds`. */
export function httpOnlyCookie(
  name: string,
  value: string,
  scope: HttpOnlyCookieScope & { readonly maxAgeSeconds: number },
): string {
  const { maxAgeSeconds, ...rest } = scope;
  return serialize(name, value, { httpOnly: true, ...rest, maxAge: maxAgeSeconds });
}

/** A `Set-Cookie` value that tells the browser to drop the cookie set with the same scope. */
export function clearedHttpOnlyCookie(name: string, scope: HttpOnlyCookieScope): string {
  return serialize(name, '', { httpOnly: true, ...scope, maxAge: 0, expires: new Date(0) });
}
