import type { IncomingHttpHeaders } from 'node:http';
import type { EvaluationContext } from '@openfeature/server-sdk';
import { SwitchyardSdkError } from '../errors.js';

/** The request attributes the middleware can read from headers, and the context key each becomes. */
export type ContextAttribute = 'targetingKey' | 'tenant' | 'plan' | 'country' | 'device';

/** Header names read by default. `targetingKey` is the user id (OpenFeature's subject of evaluation). */
export const defaultContextHeaders: Readonly<Record<ContextAttribute, string>> = Object.freeze({
  targetingKey: 'x-user-id',
  tenant: 'x-tenant-id',
  plan: 'x-plan',
  country: 'x-country',
  device: 'x-device',
});

export interface RequestContextOptions<Request> {
  /**
   * Which header each attribute comes from (false skips it), or false to read no header at all.
   * Read headers only where a trusted gateway sets them: a client can send any header it likes.
   */
  headers?: Partial<Record<ContextAttribute, string | false>> | false;
  /**
   * Builds the context from the request (e.g. from the authenticated session). Its result is
   * laid over the attributes read from headers; returning undefined keeps those as they are.
   */
  context?: (
    request: Request,
    fromHeaders: EvaluationContext,
  ) => EvaluationContext | undefined | Promise<EvaluationContext | undefined>;
  /**
   * Installs OpenFeature's AsyncLocalStorage transaction-context propagator (once per process).
   * Default true; false when the application installs its own.
   */
  setPropagator?: boolean;
  /**
   * Records each request's outcome (error, duration) against the flag variants it evaluated, for
   * the provider's per-variant request telemetry. Default true.
   */
  telemetry?: boolean;
}

const MAX_HEADER_VALUE = 256;

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value === undefined || value === '' || value.length > MAX_HEADER_VALUE ? undefined : value;
}

/** A coarse device class from the User-Agent, for targeting (`mobile`, `tablet` or `desktop`). */
export function deviceFromUserAgent(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined || userAgent === '') return undefined;
  if (/iPad|Tablet|PlayBook|Silk|(Android(?!.*Mobile))/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|BlackBerry|Opera Mini|IEMobile/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

/** The evaluation context carried by a request's headers (attributes absent from the request are left out). */
export function contextFromHeaders(
  headers: IncomingHttpHeaders,
  names: RequestContextOptions<unknown>['headers'] = {},
): EvaluationContext {
  if (names === false) return {};
  const context: EvaluationContext = {};
  for (const attribute of Object.keys(defaultContextHeaders) as ContextAttribute[]) {
    const name = names[attribute] === undefined ? defaultContextHeaders[attribute] : names[attribute];
    if (name === false) continue;
    const value = headerValue(headers, name.toLowerCase());
    if (value !== undefined) context[attribute] = value;
  }
  if (typeof context.country === 'string' && /^[a-z]{2}$/i.test(context.country)) {
    context.country = context.country.toUpperCase();
  }
  if (context.device === undefined && names.device !== false) {
    const device = deviceFromUserAgent(headerValue(headers, 'user-agent'));
    if (device !== undefined) context.device = device;
  }
  return context;
}

/** Checks the options once, and returns the per-request context builder. */
export function requestContextBuilder<Request extends { headers: IncomingHttpHeaders }>(
  options: RequestContextOptions<Request>,
  where: string,
): (request: Request) => Promise<EvaluationContext> {
  const { headers, context } = options;
  if (headers !== undefined && headers !== false) {
    if (typeof headers !== 'object' || headers === null) {
      throw new SwitchyardSdkError('INVALID_OPTIONS', `${where} option "headers" must be an object or false`);
    }
    for (const [attribute, name] of Object.entries(headers)) {
      if (!(attribute in defaultContextHeaders)) {
        throw new SwitchyardSdkError(
          'INVALID_OPTIONS',
          `${where} option "headers.${attribute}" is not an attribute; use ${Object.keys(defaultContextHeaders).join(', ')}`,
        );
      }
      if (name !== false && (typeof name !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name))) {
        throw new SwitchyardSdkError(
          'INVALID_OPTIONS',
          `${where} option "headers.${attribute}" must be a header name or false`,
        );
      }
    }
  }
  if (context !== undefined && typeof context !== 'function') {
    throw new SwitchyardSdkError('INVALID_OPTIONS', `${where} option "context" must be a function`);
  }
  for (const name of ['setPropagator', 'telemetry'] as const) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new SwitchyardSdkError('INVALID_OPTIONS', `${where} option "${name}" must be true or false`);
    }
  }
  return async (request) => {
    const fromHeaders = contextFromHeaders(request.headers, headers);
    if (context === undefined) return fromHeaders;
    const built = await context(request, fromHeaders);
    return built === undefined ? fromHeaders : { ...fromHeaders, ...built };
  };
}
