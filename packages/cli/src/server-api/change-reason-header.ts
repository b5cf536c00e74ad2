/** Printable ASCII and tab travel in a header as they are. */
const PLAIN = /^[\t\x20-\x7e]*$/;
const EXTENDED_PREFIX = /^utf-8''/i;

/**
 * The X-Change-Reason header value for a reason. HTTP carries header values as Latin-1, so any
 * other reason is sent as an RFC 8187 extended value (`UTF-8''` and its percent-encoded UTF-8
 * bytes), which the server decodes (packages/server/src/commands/change-reason.ts).
 */
export function changeReasonHeader(reason: string): string {
  if (PLAIN.test(reason) && !EXTENDED_PREFIX.test(reason)) return reason;
  // encodeURIComponent leaves ' ( ) * as they are; none of them may stand unencoded here.
  return `UTF-8''${encodeURIComponent(reason).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
