import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { runRequest, watchRequest } from '../request-scope/run-request.js';
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
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Express middleware: builds the OpenFeature evaluation context of each request (headers and/or
 * your function) and runs the rest of the request inside it as the transaction context, so
 * handlers evaluate with `client.getBooleanValue('new-checkout', false)` and no context argument.
 * With `telemetry` (default), the request's outcome (failed when the status is 500 or more or
 * the response never completes; duration from here to the end of the response) is recorded
 * against each flag variant it evaluated.
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
  const telemetry = options.telemetry !== false;
  const now = () => performance.now();
  return (request, response, next) => {
    const started = now();
    build(request).then(
      (context) => {
        const watched = telemetry ? watchRequest(response, started, now) : undefined;
        runRequest(context, watched, () => next());
      },
      (error: unknown) => next(error),
    );
  };
}
