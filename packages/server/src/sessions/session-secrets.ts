import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { generateSecret, hashSecret } from '../kernel/secrets.js';

/** Recognisable in logs and secret scanners, like the other secrets the server issues. */
const sessionPrefix = 'sy_session_';

/** The cookie's value: 256 random bits, shown to the browser only. */
export function newSessionSecret(): string {
  return generateSecret(sessionPrefix);
}

/** What the database keeps instead of the secret (a leaked table opens no session). */
export function sessionIdHash(secret: string): string {
  return hashSecret(secret);
}

/**
 * The session's CSRF token, derived from its secret rather than stored: only a holder of the
 * cookie's secret (the server, while the browser sends it) can compute it, and a copy of the
 * database cannot.
 */
export function csrfTokenOf(secret: string): string {
  return createHmac('sha256', secret).update('switchyard csrf token').digest('base64url');
}

/** Constant-time equality of two strings of any length (compares their digests). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
