import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Accepted } from '../kernel/accepted.js';
import { AppError, type ErrorCode, httpStatusOf, type Issue } from '../kernel/errors.js';
import { schemaIssues } from '../kernel/schema-issues.js';
import { requestPartRoot } from './validation.js';

export interface ErrorBody {
  error: { code: ErrorCode | 'INTERNAL'; message: string; issues: Issue[] };
}

/** The one place where errors become HTTP answers. Anything unexpected is a 500 and is logged. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return answer(error.code, error.message, error.issues);
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown };
  if (Array.isArray(fastifyError.validation)) {
    const issues = schemaIssues(fastifyError.validation, requestPartRoot(fastifyError.validationContext));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return answer('VALIDATION_FAILED', `invalid request: ${summary}`, issues);
  }
  const status = fastifyError.statusCode;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return answer('PAYLOAD_TOO_LARGE', 'request body is larger than the server accepts', [
      { path: '/body', message: 'too large' },
    ]);
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
    return answer('UNSUPPORTED_MEDIA_TYPE', 'request body must be JSON (Content-Type: application/json)', [
      { path: '/headers/content-type', message: 'must be application/json' },
    ]);
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = fastifyError.message || 'bad request';
    const code: ErrorCode = status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    return { status, body: { error: { code, message, issues: [{ path: '/body', message }] } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal server error', issues: [] } } };
}

function answer(code: ErrorCode, message: string, issues: Issue[]) {
  return { status: httpStatusOf[code], body: { error: { code, message, issues } } };
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface ErrorHandlingOptions {
  /** A specific explanation for a path that has no route (file mode's missing admin API). */
  noRouteMessage?: ((path: string) => string | undefined) | undefined;
  /** Answers a request no route took before it becomes a 404 (the dashboard's client-side routes). */
  fallback?: ((request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined) | undefined;
}

export function installErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof Accepted) {
      request.log.info({ location: error.location }, error.message);
      return reply.status(202).header('location', error.location).send(error.body);
    }
    const { status, body } = toHttpError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, body.error.message);
    if (body.error.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Bearer');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const answered = options.fallback?.(request, reply);
    if (answered) return answered;
    const path = request.url.split('?')[0] ?? '';
    // The path exists with other methods: 405 with the methods it has, not a misleading 404.
    const allowed = methods.filter((method) => app.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) {
      const body: ErrorBody = {
        error: {
          code: 'METHOD_NOT_ALLOWED',
          message: `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`,
          issues: [],
        },
      };
      return reply.status(405).header('allow', allowed.join(', ')).send(body);
    }
    const message = options.noRouteMessage?.(path) ?? `no route ${request.method} ${path}`;
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message, issues: [] } };
    return reply.status(404).send(body);
  });
}
