import type { IncomingHttpHeaders } from 'node:http';
import type { EvaluationContext, ResolutionDetails } from '@switchyard/core';
import type { PublishedFlagSet } from '../flag-sets/flag-set-registry.js';
import { tracingConfigFromEnv } from './tracing-config.js';

/** One flag evaluated while answering a request. */
export interface EvaluationRecord {
  key: string;
  details: ResolutionDetails;
  context: EvaluationContext;
  published: PublishedFlagSet;
}

/** The server span of one request; evaluations made for it become its children. */
export interface RequestSpan {
  evaluated(evaluation: EvaluationRecord): void;
  end(statusCode: number): void;
}

/** What the server traces. Absent when tracing is off, so the untraced path costs one check. */
export interface ServerTracing {
  /** `route` is the route template (`/api/v1/projects/:project`), or the path when none matched. */
  startRequest(method: string, route: string, path: string, headers: IncomingHttpHeaders): RequestSpan;
  /** Exports what is still queued. */
  shutdown(): Promise<void>;
}

/**
 * Tracing as OTEL_* configures it, or undefined when it is off (the default). The OpenTelemetry
 * packages are loaded only when it is on, so a default start does not pay for them.
 */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<ServerTracing | undefined> {
  const config = tracingConfigFromEnv(env);
  if (!config) return undefined;
  const { openTelemetryTracing } = await import('./open-telemetry-tracing.js');
  return openTelemetryTracing(config);
}
