import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { runRequest, watchRequest } from '../request-scope/run-request.js';
import type { ResponseWatch } from '../request-scope/watch-response.js';
import { ensureTransactionContextPropagator } from './propagator.js';
import { type RequestContextOptions, requestContextBuilder } from './request-context.js';

export {
  type ContextAttribute,
  contextFromHeaders,
  defaultContextHeaders,
  deviceFromUserAgent,
  type RequestContextOptions,
} from './request-context.js';

const plugin: FastifyPluginCallback<RequestContextOptions<FastifyRequest>> = (app, options, done) => {
  let build: ReturnType<typeof requestContextBuilder<FastifyRequest>>;
  try {
    build = requestContextBuilder(options, 'openFeatureContext (fastify)');
  } catch (error) {
    done(error as Error);
    return;
  }
  if (options.setPropagator !== false) ensureTransactionContextPropagator();
  const telemetry = options.telemetry !== false;
  const now = () => performance.now();
  const started = new WeakMap<FastifyRequest, number>();
  const watches = new WeakMap<FastifyRequest, ResponseWatch>();
  if (telemetry) {
    // The duration counts from the first hook, so body parsing is part of it.
    app.addHook('onRequest', (request, _reply, hookDone) => {
      started.set(request, now());
      hookDone();
    });
    app.addHook('onError', (request, _reply, error, hookDone) => {
      // A client error (validation, not found) says nothing about the variant's health.
      const status = (error as { statusCode?: unknown }).statusCode;
      if (!(typeof status === 'number' && status < 500)) watches.get(request)?.threw();
      hookDone();
    });
  }
  // preHandler: the last step before the handler (after body parsing, whose stream callbacks would
  // run outside the context), and a callback hook, so the handler runs inside setTransactionContext.
  app.addHook('preHandler', (request, reply, hookDone) => {
    build(request).then(
      (context) => {
        const watched = telemetry ? watchRequest(reply.raw, started.get(request) ?? now(), now) : undefined;
        if (watched !== undefined) watches.set(request, watched.watch);
        runRequest(context, watched, () => hookDone());
      },
      (error: unknown) => hookDone(error as Error),
    );
  });
  done();
};

/**
 * Fastify plugin: builds the OpenFeature evaluation context of each request (headers and/or your
 * function) and runs the handler inside it as the transaction context. With `telemetry`
 * (default), the request's outcome (failed when the status is 500 or more, a server error was
 * thrown, or the response never completes) is recorded against each flag variant it evaluated.
 *
 * ```ts
 * await app.register(openFeatureContext, { context: (request) => ({ targetingKey: request.user?.id }) });
 * ```
 * Registered with `skip-override`, so it applies to the routes of the scope that registers it
 * and its children, not only inside its own encapsulation context.
 */
export const openFeatureContext = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'switchyard-openfeature-context',
});
