import type { FastifyRequest } from 'fastify';

/** Credentials never reach the logs: not the headers, and not a key passed in a query string. */
export function loggerOptions(base: Record<string, unknown>): Record<string, unknown> {
  return {
    ...base,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
      },
    },
  };
}

export function redactUrl(url: string): string {
  return url.replace(/([?&](?:key|api_key|apikey|token|access_token)=)[^&#]*/gi, '$1[redacted]');
}
