import type { JsonObject } from '@bufbuild/protobuf';
import type { ErrorCode, FlagValue, ResolutionDetails } from '@switchyard/core';
import type { ProtocolVersion, ResolvedValue, ValueKind } from './schema/evaluation.js';

/** A typed resolve answer as flagd gives it: a response, or the error flagd turns into a status. */
export type TypedAnswer =
  | {
      ok: true;
      response: { value?: ResolvedValue; reason: string; variant?: string; metadata: JsonObject };
    }
  | { ok: false; errorCode: ErrorCode };

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * One `Resolve<Kind>` answer from the evaluator's resolution, following flagd (core/pkg/evaluator/json.go and
 * flagd/pkg/service/flag-evaluation):
 * - an evaluation error is that error, a value of another type TYPE_MISMATCH;
 * - a disabled flag, or one without a default variant that no rule matched, gives no value: v2 leaves value
 *   and variant unset; v1 (no presence) answers a disabled flag with the type's zero value, reason DISABLED,
 *   and the no-default-variant case with FLAG_NOT_FOUND, as flagd does for v1 clients;
 * - Int reads the number as flagd does (a float64 converted to int64: truncated), Object only a JSON object.
 */
export function typedAnswer(
  details: ResolutionDetails,
  kind: ValueKind,
  version: ProtocolVersion,
): TypedAnswer {
  if (details.errorCode !== undefined) return { ok: false, errorCode: details.errorCode };
  const metadata: JsonObject = { ...details.flagMetadata };
  if (details.value === undefined) {
    if (version === 'v2') return { ok: true, response: { reason: details.reason, metadata } };
    if (details.reason === 'DISABLED') {
      return { ok: true, response: { value: zeroValue(kind), reason: 'DISABLED', variant: '', metadata } };
    }
    return { ok: false, errorCode: 'FLAG_NOT_FOUND' };
  }
  const value = valueAs(details.value, kind);
  if (value === undefined) return { ok: false, errorCode: 'TYPE_MISMATCH' };
  return { ok: true, response: { value, reason: details.reason, variant: details.variant, metadata } };
}

/** `value` as the kind's wire value, or undefined when it is not of that kind. */
export function valueAs(value: FlagValue, kind: ValueKind): ResolvedValue | undefined {
  switch (kind) {
    case 'Boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'String':
      return typeof value === 'string' ? value : undefined;
    case 'Float':
      return typeof value === 'number' ? value : undefined;
    case 'Int':
      return typeof value === 'number' ? toInt64(value) : undefined;
    case 'Object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  }
}

/** What a v1 response carries when there is no value: proto3's zero for the field. */
export function zeroValue(kind: ValueKind): ResolvedValue {
  switch (kind) {
    case 'Boolean':
      return false;
    case 'String':
      return '';
    case 'Float':
      return 0;
    case 'Int':
      return 0n;
    case 'Object':
      return {};
  }
}

function toInt64(value: number): bigint {
  const truncated = BigInt(Math.trunc(value));
  return truncated > INT64_MAX ? INT64_MAX : truncated < INT64_MIN ? INT64_MIN : truncated;
}
