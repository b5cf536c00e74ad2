// Loaded only when tracing is on (server-tracing.ts imports it lazily).
import type { IncomingHttpHeaders } from 'node:http';
import {
  type Attributes,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { evaluationAttributes } from './evaluation-attributes.js';
import type { EvaluationRecord, RequestSpan, ServerTracing } from './server-tracing.js';
import type { SamplerName, TracingConfig } from './tracing-config.js';

function samplerOf(name: SamplerName, ratio: number): Sampler {
  const root = name.endsWith('always_off')
    ? new AlwaysOffSampler()
    : name.endsWith('traceidratio')
      ? new TraceIdRatioBasedSampler(ratio)
      : new AlwaysOnSampler();
  return name.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

/** A tracer provider exporting over OTLP/HTTP (endpoint, headers, timeout from OTEL_EXPORTER_OTLP_*). */
export function openTelemetryTracing(config: TracingConfig): ServerTracing {
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the default name.
  const resource = resourceFromAttributes({ 'service.name': 'switchyard' }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const provider = new TracerProvider({
    resource,
    sampler: samplerOf(config.sampler, config.ratio),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), ...config.batch })],
  });
  const tracer = provider.getTracer('switchyard-server');
  return {
    startRequest: (method, route, path, headers) => requestSpan(tracer, method, route, path, headers),
    shutdown: () => provider.shutdown(),
  };
}

function requestSpan(
  tracer: Tracer,
  method: string,
  route: string,
  path: string,
  headers: IncomingHttpHeaders,
): RequestSpan {
  // A caller's W3C traceparent makes this request part of its trace.
  const traceparent = headers.traceparent;
  const remote = typeof traceparent === 'string' ? parseTraceParent(traceparent) : null;
  const parent = remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
  const span: Span = tracer.startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': method, 'http.route': route, 'url.path': path },
    },
    parent,
  );
  const inside = trace.setSpan(ROOT_CONTEXT, span);
  let ended = false;
  return {
    evaluated(evaluation: EvaluationRecord) {
      if (ended || !span.isRecording()) return;
      const attributes: Attributes = evaluationAttributes(evaluation);
      const child = tracer.startSpan(
        'feature_flag.evaluation',
        { kind: SpanKind.INTERNAL, attributes },
        inside,
      );
      if (evaluation.details.errorCode !== undefined) {
        child.setStatus({ code: SpanStatusCode.ERROR, message: evaluation.details.errorCode });
      }
      child.end();
    },
    end(statusCode: number) {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', statusCode);
      // Server spans are errors for 5xx only: a 4xx is the client's mistake, answered correctly.
      if (statusCode >= 500) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', String(statusCode));
      }
      span.end();
    },
  };
}
