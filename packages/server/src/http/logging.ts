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

const secretParameters = new Set(['key', 'api_key', 'apikey', 'api-key', 'token', 'access_token', 'sdk_key']);

/**
 * The URL with the value of every credential-carrying query parameter replaced. Names are compared
 * after decoding (`?k%65y=…` is `key`), and the query is written back re-encoded.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const hash = url.indexOf('#', start);
  const query = url.slice(start + 1, hash === -1 ? undefined : hash);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    return `${url.slice(0, start)}?[redacted]`;
  }
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (secretParameters.has(name.trim().toLowerCase())) {
      params.set(name, '[redacted]');
      changed = true;
    }
  }
  return changed
    ? `${url.slice(0, start)}?${params.toString()}`
    : url.slice(0, hash === -1 ? undefined : hash);
}
