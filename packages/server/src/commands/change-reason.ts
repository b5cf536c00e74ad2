/**
 * The reason for a change travels in the X-Change-Reason header. HTTP carries header values as
 * Latin-1 (browsers refuse anything else), so a reason with other characters (an em dash, any
 * non-Latin script, an emoji) is sent as an RFC 8187 extended value: `UTF-8''` and the reason's
 * UTF-8 bytes percent-encoded, e.g. `UTF-8''Rollback%20%E2%80%94%20SHOP-12`. A plain value is
 * taken as it is.
 */

/** Longest reason kept, in characters (code points), after decoding. */
export const MAX_REASON_LENGTH = 1000;

const EXTENDED_PREFIX = /^utf-8''/i;
/** RFC 8187 attr-char and percent-encoded octets: all an extended value may hold. */
const EXTENDED_VALUE = /^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-Fa-f]{2})*$/;

export type DecodedReason = { ok: true; reason: string } | { ok: false; message: string };

/** The reason a header value carries; an extended value is decoded, a malformed one refused. */
export function decodeChangeReason(value: string): DecodedReason {
  let reason = value;
  if (EXTENDED_PREFIX.test(value)) {
    const encoded = value.slice("UTF-8''".length);
    if (!EXTENDED_VALUE.test(encoded)) {
      return { ok: false, message: "must be percent-encoded after UTF-8'' (RFC 8187)" };
    }
    try {
      reason = decodeURIComponent(encoded);
    } catch {
      return { ok: false, message: "must encode valid UTF-8 after UTF-8'' (RFC 8187)" };
    }
  }
  let length = 0;
  for (const _ of reason) length++;
  if (length > MAX_REASON_LENGTH) {
    return { ok: false, message: `must be at most ${MAX_REASON_LENGTH} characters, got ${length}` };
  }
  return { ok: true, reason };
}
