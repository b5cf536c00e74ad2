import type { ResolutionDetails } from '@switchyard/core';

/** Largest accepted OFREP request body; a context is small, a bigger body is refused with 413. */
export const OFREP_BODY_LIMIT = 256 * 1024;

/** A complete OFREP answer, independent of the HTTP layer that sends it. */
export interface OfrepReply {
  status: number;
  /** JSON text; undefined for 304. */
  body: string | undefined;
  /** The same body already encoded, when it is reused across requests (saves encoding it per write). */
  bytes?: Buffer;
  etag?: string;
}

/**
 * The OFREP shape of one evaluation, success or failure. Value and variant are omitted when the
 * flag gives no value (code default, DISABLED); metadata is always an object.
 */
export function evaluationEntry(key: string, details: ResolutionDetails): Record<string, unknown> {
  const metadata = details.flagMetadata ?? {};
  if (details.errorCode !== undefined) {
    if (details.errorCode === 'FLAG_NOT_FOUND') {
      // OFREP's flagNotFound may carry metadata: the flag set's, as OpenFeature gives it for unknown flags.
      return {
        key,
        errorCode: 'FLAG_NOT_FOUND',
        errorDetails: details.errorMessage ?? `flag '${key}' not found`,
        metadata,
      };
    }
    // OFREP's evaluationFailure codes are PARSE_ERROR, TARGETING_KEY_MISSING, INVALID_CONTEXT and
    // GENERAL; like flagd, everything but PARSE_ERROR is reported as GENERAL.
    const errorCode = details.errorCode === 'PARSE_ERROR' ? 'PARSE_ERROR' : 'GENERAL';
    return { key, errorCode, errorDetails: details.errorMessage ?? details.errorCode, metadata };
  }
  const hasValue = details.value !== undefined;
  return {
    key,
    value: details.value,
    reason: details.reason,
    variant: hasValue ? details.variant : undefined,
    metadata,
  };
}

/** The text of each frozen (reused) result, keyed by the result object itself. */
const entryTexts = new WeakMap<ResolutionDetails, { key: string; text: string; failed: false }>();

/**
 * One entry as JSON text. A value JSON.stringify cannot write (nested deeper than its stack allows)
 * becomes that flag's GENERAL error: evaluation answers never throw, and one bad flag never spoils
 * a bulk answer.
 */
export function entryJson(key: string, details: ResolutionDetails): { text: string; failed: boolean } {
  const cached = entryTexts.get(details);
  if (cached !== undefined && cached.key === key) return cached;
  try {
    const entry = { key, text: JSON.stringify(evaluationEntry(key, details)), failed: false as const };
    // Core builds a frozen result once per variant and returns it for every evaluation that lands
    // there, so its text can be reused; error results are built per call and are not frozen.
    if (Object.isFrozen(details)) entryTexts.set(details, entry);
    return entry;
  } catch {
    const failure = {
      key,
      errorCode: 'GENERAL',
      errorDetails: 'the evaluated value cannot be written as JSON (nested too deeply)',
      metadata: details.flagMetadata ?? {},
    };
    return { text: JSON.stringify(failure), failed: true };
  }
}

/** Single-flag evaluation: 200 success, 404 unknown flag, 400 evaluation error. */
export function singleFlagReply(key: string, details: ResolutionDetails): OfrepReply {
  const { text, failed } = entryJson(key, details);
  const status =
    failed || (details.errorCode !== undefined && details.errorCode !== 'FLAG_NOT_FOUND')
      ? 400
      : details.errorCode === 'FLAG_NOT_FOUND'
        ? 404
        : 200;
  return { status, body: text };
}

export function invalidContextReply(message: string, key?: string): OfrepReply {
  return { status: 400, body: JSON.stringify({ key, errorCode: 'INVALID_CONTEXT', errorDetails: message }) };
}

/** A flag key in the path that is not valid percent-encoding, in OFREP's failure shape (clients parse it). */
export function invalidFlagKeyReply(rawKey: string): OfrepReply {
  const errorDetails = 'the flag key in the path is not valid percent-encoding';
  return { status: 400, body: JSON.stringify({ key: rawKey, errorCode: 'GENERAL', errorDetails }) };
}

export function payloadTooLarge(bodyLimit: number, key?: string): OfrepReply {
  const body = {
    key,
    errorCode: 'PAYLOAD_TOO_LARGE',
    errorDetails: `request body exceeds ${bodyLimit} bytes`,
  };
  return { status: 413, body: JSON.stringify(body) };
}

export function internalError(): OfrepReply {
  return { status: 500, body: '{"errorDetails":"internal error"}' };
}
