import { parse as parseCookie } from 'cookie';
import { clearedHttpOnlyCookie, httpOnlyCookie } from '../http/http-only-cookie.js';

export const sessionCookieName = 'switchyard_session';

/** The session secret a request's `Cookie` header carries, if any. */
export function sessionSecretOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = parseCookie(header)[sessionCookieName];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/ (the API
 * and the dashboard share it), Secure when the browser reached the server over https.
 */
export function sessionSetCookie(
  secret: string,
  options: { maxAgeSeconds: number; secure: boolean },
): string {
  return httpOnlyCookie(sessionCookieName, secret, { sameSite: 'strict', path: '/', ...options });
}

/** Tells the browser to drop the cookie. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  return clearedHttpOnlyCookie(sessionCookieName, { sameSite: 'strict', path: '/', ...options });
}
