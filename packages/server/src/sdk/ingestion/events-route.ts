import type { FastifyInstance, FastifyReply } from 'fastify';
import { batchProblem, readEvents } from '../../experiments/event-batch.js';
import type { ExperimentIngestor } from '../../experiments/experiment-ingestor.js';
import { validationFailed } from '../../kernel/errors.js';
import type { SdkAccessResolver } from '../access/sdk-access.js';
import { sendDenial } from '../access/send-denial.js';
import { addCorsHeaders, registerCorsPreflight } from '../ofrep/cors.js';

export const EVENTS_PATH = '/sdk/v1/events';
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * `POST /sdk/v1/events`: exposures and tracked events from server and browser SDKs, for
 * experiments. Client keys are welcome (a page reports what its user saw and did). A page being
 * unloaded sends a beacon: `text/plain` JSON with the key in `?key=` (a beacon has no headers, and
 * a plain-text POST needs no CORS preflight). Answers 202 `{ accepted, rejected, errors }` with the
 * index and problem of each refused event; a body that is not a batch at all is a 400.
 */
export function registerEventsRoute(
  app: FastifyInstance,
  deps: { access: SdkAccessResolver; ingestor: ExperimentIngestor; now?: () => number },
): void {
  app.register(async (scope) => {
    // Batches are read field by field (never merged into other objects), so plain JSON.parse is
    // safe here, and it is the hot path; beacons send the same JSON as text/plain.
    scope.removeContentTypeParser(['text/plain', 'application/json']);
    scope.addContentTypeParser(
      ['text/plain', 'application/json'],
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(String(body)));
        } catch {
          done(validationFailed([{ path: '/body', message: 'is not valid JSON' }]), undefined);
        }
      },
    );
    registerCorsPreflight(scope, [EVENTS_PATH]);
    scope.post(
      EVENTS_PATH,
      {
        logLevel: 'warn',
        bodyLimit: BODY_LIMIT,
        // Keys are checked before the body is read.
        onRequest: async (request, reply) => {
          addCorsHeaders(request, reply);
          const queryKey = (request.query as { key?: unknown }).key;
          const access = deps.access.resolve(request.headers, {
            requireServerKey: false,
            queryKey: typeof queryKey === 'string' ? queryKey : undefined,
          });
          if (!access.ok) return sendDenial(reply, access);
          request.sdkEnvironmentId = access.principal.environmentId;
        },
      },
      async (request, reply: FastifyReply) => {
        const problem = batchProblem(request.body);
        if (problem !== undefined) throw validationFailed([{ path: '/body', message: problem }]);
        const batch = (request.body as { events: unknown[] }).events;
        const { events, errors } = readEvents(batch, (deps.now ?? Date.now)());
        if (!deps.ingestor.add(request.sdkEnvironmentId!, events)) {
          return reply
            .code(503)
            .header('retry-after', '1')
            .send({
              error: {
                code: 'NOT_READY',
                message: 'too many events are waiting to be written; send this batch again in a second',
              },
            });
        }
        return reply.code(202).send({ accepted: events.length, rejected: errors.length, errors });
      },
    );
  });
}
