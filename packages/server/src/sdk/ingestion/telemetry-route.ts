import type { FastifyInstance } from 'fastify';
import { validationFailed } from '../../kernel/errors.js';
import type { TelemetryAccumulator } from '../../telemetry/telemetry-accumulator.js';
import {
  summaryOf,
  type TelemetryBatch,
  TelemetryBatchSchema,
  telemetryIssues,
} from '../../telemetry/telemetry-batch.js';
import type { SdkAccessResolver } from '../access/sdk-access.js';
import { sendDenial } from '../access/send-denial.js';

export const TELEMETRY_PATH = '/sdk/v1/telemetry';

/**
 * `POST /sdk/v1/telemetry`: per-variant request outcomes from server SDKs (guardrail metrics of
 * rollouts). Server keys only: a client key is public, and guardrails must not be steerable by
 * whoever reads a web page. Answers 202; summaries count for the key's environment.
 */
export function registerTelemetryRoute(
  app: FastifyInstance,
  deps: { access: SdkAccessResolver; accumulator: TelemetryAccumulator },
): void {
  app.post<{ Body: TelemetryBatch }>(
    TELEMETRY_PATH,
    {
      logLevel: 'warn',
      bodyLimit: 4 * 1024 * 1024,
      // Keys are checked before the body is read or validated.
      onRequest: async (request, reply) => {
        const access = deps.access.resolve(request.headers, { requireServerKey: true });
        if (!access.ok) return sendDenial(reply, access);
        request.sdkEnvironmentId = access.principal.environmentId;
      },
      schema: { body: TelemetryBatchSchema },
    },
    async (request, reply) => {
      const issues = telemetryIssues(request.body);
      if (issues.length > 0) throw validationFailed(issues);
      const environmentId = request.sdkEnvironmentId!;
      for (const entry of request.body.variants) {
        if (entry.n > 0) deps.accumulator.add(environmentId, entry.flag, entry.variant, summaryOf(entry));
      }
      return reply.code(202).send({ accepted: request.body.variants.length });
    },
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The environment of the SDK key that authenticated the request. */
    sdkEnvironmentId?: string;
  }
}
