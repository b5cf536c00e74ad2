import { OpenFeature } from '@openfeature/server-sdk';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
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
  // preHandler: the last step before the handler (after body parsing, whose stream callbacks would
  // run outside the context), and a callback hook, so the handler runs inside setTransactionContext.
  app.addHook('preHandler', (request, _reply, hookDone) => {
    build(request).then(
      (context) => OpenFeature.setTransactionContext(context, () => hookDone()),
      (error: unknown) => hookDone(error as Error),
    );
  });
  done();
};

/**
 * Fastify plugin: builds the OpenFeature evaluation context of each request (headers and/or your
 * function) and runs the handler inside it as the transaction context.
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
