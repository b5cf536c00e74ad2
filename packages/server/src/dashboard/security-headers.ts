import type { FastifyReply } from 'fastify';

/**
 * No inline script, no eval, nothing from another origin: injected markup can run nothing and
 * send nothing anywhere. `data:` images only, for the icons a bundler inlines.
 */
export const dashboardCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'content-security-policy': dashboardCsp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** The headers every dashboard response (page or asset) carries. */
export function addSecurityHeaders(reply: FastifyReply): void {
  reply.headers(securityHeaders);
}

/** Vite writes content-hashed files under `assets/`: a new build has new names, so they never change. */
export function cacheControlFor(relativePath: string): string {
  return relativePath.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}
