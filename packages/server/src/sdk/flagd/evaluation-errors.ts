import { Code, ConnectError } from '@connectrpc/connect';
import type { ErrorCode } from '@switchyard/core';

// flagd answers a failed evaluation with a status, not a response (flagd/pkg/service/flag-evaluation,
// errFormat): the code carries the OpenFeature error code, the message is flagd's readable text. flagd's
// providers map the code back (NOT_FOUND → FLAG_NOT_FOUND, INVALID_ARGUMENT → TYPE_MISMATCH, DATA_LOSS →
// PARSE_ERROR, anything else → GENERAL).
const STATUS: Record<ErrorCode, { code: Code; message: string }> = {
  FLAG_NOT_FOUND: { code: Code.NotFound, message: 'Flag not found' },
  TYPE_MISMATCH: { code: Code.InvalidArgument, message: 'Type mismatch error' },
  PARSE_ERROR: { code: Code.DataLoss, message: 'Error parsing input or configuration' },
  GENERAL: { code: Code.Unknown, message: 'General error' },
};

export function evaluationError(errorCode: ErrorCode): ConnectError {
  const status = STATUS[errorCode] ?? STATUS.GENERAL;
  return new ConnectError(status.message, status.code);
}
