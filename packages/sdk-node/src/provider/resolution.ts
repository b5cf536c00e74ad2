import { ErrorCode, type ResolutionDetails } from '@openfeature/server-sdk';
import type { TypedResolutionDetails } from '@switchyard/core';

/**
 * Core's resolution as OpenFeature's. Core's reasons and error codes are a subset of OpenFeature's
 * (same spelling); they are copied field by field so nothing else leaks into the SDK.
 */
export function toOpenFeature<T>(details: TypedResolutionDetails<T>): ResolutionDetails<T> {
  const result: ResolutionDetails<T> = {
    value: details.value,
    reason: details.reason,
    flagMetadata: details.flagMetadata,
  };
  if (details.variant !== undefined) result.variant = details.variant;
  if (details.errorCode !== undefined) result.errorCode = details.errorCode as ErrorCode;
  if (details.errorMessage !== undefined) result.errorMessage = details.errorMessage;
  return result;
}

/** What every evaluation answers while no flag set was ever loaded (the caller's default). */
export function notReady<T>(defaultValue: T): ResolutionDetails<T> {
  return {
    value: defaultValue,
    reason: 'ERROR',
    errorCode: ErrorCode.PROVIDER_NOT_READY,
    errorMessage: 'Switchyard has not delivered a flag set yet (server unreachable and no bootstrap)',
    flagMetadata: {},
  };
}
