import { createHash } from 'node:crypto';

/**
 * ETag of a bulk evaluation response: a hash of the body itself, so it covers the flag
 * configuration, the request context and anything else the result depends on (such as time
 * in targeting), and a changed context never matches an old ETag.
 */
export function bulkEtag(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** RFC 9110 weak comparison of `If-None-Match` against the current ETag (lists and `*` included). */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined || header === '') return false;
  if (header.trim() === '*') return true;
  for (const candidate of header.split(',')) {
    let tag = candidate.trim();
    if (tag.startsWith('W/')) tag = tag.slice(2);
    if (tag === etag) return true;
  }
  return false;
}
