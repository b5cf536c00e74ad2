/** Stable codes for everything the provider reports; `fatal` ones stop it (retrying cannot help). */
export type SwitchyardSdkErrorCode =
  /** A provider or middleware option is missing or malformed. */
  | 'INVALID_OPTIONS'
  /** The bootstrap flag set cannot be read or is not a valid flag set. */
  | 'INVALID_BOOTSTRAP'
  /** The server refused the SDK key (401: unknown or revoked; 403: not a server key). */
  | 'SDK_KEY_REJECTED'
  /** The server answered with an unexpected HTTP status. */
  | 'HTTP_ERROR'
  /** The server could not be reached, or the connection broke. */
  | 'NETWORK_ERROR'
  /** No answer, or nothing on the stream (not even a heartbeat), within the configured time. */
  | 'TIMEOUT'
  /** The server ended the change stream. */
  | 'STREAM_ENDED'
  /** The server sent something that is not the Switchyard sync protocol. */
  | 'BAD_RESPONSE'
  /** The server refused a telemetry or events batch as malformed (400): it is dropped, not resent. */
  | 'REPORT_REJECTED';

export interface SwitchyardSdkErrorDetails {
  status?: number;
  fatal?: boolean;
  cause?: unknown;
}

export class SwitchyardSdkError extends Error {
  override readonly name = 'SwitchyardSdkError';
  readonly code: SwitchyardSdkErrorCode;
  /** The HTTP status, when the error is an HTTP answer. */
  readonly status: number | undefined;
  readonly fatal: boolean;

  constructor(code: SwitchyardSdkErrorCode, message: string, details: SwitchyardSdkErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.fatal = details.fatal ?? false;
  }
}

/** Anything thrown by fetch, a timer or a parser, as a SwitchyardSdkError (network failures are retryable). */
export function asSdkError(error: unknown): SwitchyardSdkError {
  if (error instanceof SwitchyardSdkError) return error;
  const message = error instanceof Error ? describeNetworkError(error) : String(error);
  return new SwitchyardSdkError('NETWORK_ERROR', message, { cause: error });
}

/** fetch reports "fetch failed" and hides the reason (ECONNREFUSED, ECONNRESET…) in `cause`. */
function describeNetworkError(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return `${error.message}: ${cause.code}`;
  if (cause && typeof cause.message === 'string') return `${error.message}: ${cause.message}`;
  return error.message;
}
