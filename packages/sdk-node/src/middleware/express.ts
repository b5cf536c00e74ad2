import type { IncomingHttpHeaders } from 'node:http';
import { OpenFeature } from '@openfeature/server-sdk';
import { ensureTransactionContextPropagator } from './propagator.js';
import { type RequestContextOptions, requestContextBuilder } from './request-context.js';

export {
  type ContextAttribute,
  contextFromHeaders,
  defaultContextHeaders,
  deviceFromUserAgent,
  type RequestContextOptions,
} from './request-context.js';

/** The parts of an Express request the middleware uses (no dependency on express itself). */
export interface RequestWithHeaders {
  headers: IncomingHttpHeaders;
}

export type ExpressMiddleware<Request> = (
  request: Request,
  response: unknown,
  next: (error?: unknown) => void,
) => void;

/**
 * Express middleware: builds the OpenFeature evaluation context of each request (headers and/or
 * your function) and runs the rest of the request inside it as the transaction context, so
 * handlers evaluate with `client.getBooleanValue('new-checkout', false)` and no context argument.
 *
 * ```ts
 * app.use(openFeatureContext({ context: (req) => ({ targetingKey: req.user?.id, plan: req.user?.plan }) }));
 * ```
 */
export function openFeatureContext<Request extends RequestWithHeaders = RequestWithHeaders>(
  options: RequestContextOptions<Request> = {},
): ExpressMiddleware<Request> {
  const build = requestContextBuilder(options, 'openFeatureContext (express)');
  if (options.setPropagator !== false) ensureTransactionContextPropagator();
  return (request, _response, next) => {
    build(request).then(
      (context) => OpenFeature.setTransactionContext(context, () => next()),
      (error: unknown) => next(error),
    );
  };
}
