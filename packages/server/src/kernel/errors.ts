/** One problem with a request: `path` is a JSON Pointer into the request (`/body/variants/on`, `/params/flag`). */
export interface Issue {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'VALIDATION_FAILED'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'BAD_REQUEST'
  /** A service the server depends on (an identity provider) could not be reached. */
  | 'BAD_GATEWAY'
  /** A dashboard session's write without its CSRF token (lower case: the dashboard contract names it so). */
  | 'csrf_token_invalid';

/** Every error the server answers on purpose; mapped to HTTP in `error-handler.ts` only. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  constructor(code: ErrorCode, message: string, issues: Issue[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
}

export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const unauthorized = (message: string) => new AppError('UNAUTHORIZED', message);
export const tooManyRequests = (message: string) => new AppError('TOO_MANY_REQUESTS', message);
export const csrfTokenInvalid = (message: string) => new AppError('csrf_token_invalid', message);
export const preconditionFailed = (message: string) => new AppError('PRECONDITION_FAILED', message);

export function validationFailed(issues: Issue[], message?: string): AppError {
  const summary = issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', message ?? `invalid request: ${summary}`, issues);
}

export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  BAD_GATEWAY: 502,
  csrf_token_invalid: 403,
};
