import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/index.js';
import { startTracing } from '../../src/tracing/server-tracing.js';
import { tracingConfigFromEnv } from '../../src/tracing/tracing-config.js';
import { testAdminToken } from '../support/admin-client.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.js';
import { type FreshDatabase, freshDatabase } from '../support/storage-targets.js';

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));
const SERVER = 2;
const INTERNAL = 1;
const ERROR = 2;
const P = '/api/v1/projects/default';
const E = `${P}/environments/production`;

/** Runs `start` with these OTEL_* variables set, then puts the environment back. */
async function withEnv<T>(vars: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await start();
  } finally {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('OpenTelemetry traces exported over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;
  let database: FreshDatabase;
  let server: RunningServer;
  let key: string;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = await freshDatabase('sqlite');
    server = await withEnv(
      {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_SERVICE_NAME: 'switchyard-under-test',
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      () =>
        startServer({
          port: 0,
          host: '127.0.0.1',
          dataDir: database.dir,
          db: database.location,
          adminToken: testAdminToken,
          logger: false,
        }),
    );
    const created = await admin('POST', `${E}/sdk-keys`, { name: 'svc', kind: 'server' });
    key = ((await created.json()) as { key: string }).key;
    await admin('POST', `${P}/flags`, {
      key: 'checkout',
      variants: { on: true, off: false },
      defaultVariant: 'off',
    });
    await admin('PUT', `${E}/flags/checkout`, {
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'on', 'off'] },
    });
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await database?.cleanup();
  });

  const childrenOf = (parent: ReceivedSpan) => receiver.spans.filter((s) => s.parentSpanId === parent.spanId);

  it('traces an admin request as a server span named by its route, under the service name', async () => {
    const response = await admin('POST', `${P}/flags`, { key: 'traced', variants: { on: true, off: false } });
    expect(response.status).toBe(201);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    const span = await receiver.waitFor(
      (s) =>
        s.name === 'POST /api/v1/projects/:project/flags' &&
        s.attributes['http.response.status_code'] === 201,
    );
    expect(span.kind).toBe(SERVER);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/v1/projects/:project/flags',
      'url.path': '/api/v1/projects/default/flags',
    });
    expect(span.resource['service.name']).toBe('switchyard-under-test');
    expect(receiver.contentTypes.every((t) => t.startsWith('application/json'))).toBe(true);
  });

  it('makes each OFREP evaluation a child span with the feature_flag attributes, inside the caller trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const response = await fetch(`${server.url}/ofrep/v1/evaluate/flags/checkout`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpan}-01`,
      },
      body: JSON.stringify({ context: { targetingKey: 'user-42', plan: 'pro' } }),
    });
    expect(response.status).toBe(200);
    const request = await receiver.waitFor(
      (s) => s.traceId === traceId && s.name === 'POST /ofrep/v1/evaluate/flags/:key',
    );
    expect(request.kind).toBe(SERVER);
    expect(request.parentSpanId).toBe(callerSpan);
    expect(request.attributes['http.response.status_code']).toBe(200);
    const evaluation = await receiver.waitFor((s) => s.parentSpanId === request.spanId);
    expect(evaluation).toMatchObject({ name: 'feature_flag.evaluation', kind: INTERNAL, traceId });
    expect(evaluation.attributes).toEqual({
      'feature_flag.key': 'checkout',
      'feature_flag.provider.name': 'Switchyard',
      'feature_flag.result.variant': 'on',
      'feature_flag.result.reason': 'targeting_match',
      'feature_flag.context.id': 'user-42',
      'feature_flag.set.id': 'default/production',
      'feature_flag.version': expect.stringMatching(/^\d+$/),
    });
  });

  it('gives a bulk evaluation one child per flag, and marks an unknown flag as an error', async () => {
    const bulk = await fetch(`${server.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { targetingKey: 'bulk-user' } }),
    });
    expect(bulk.status).toBe(200);
    const flags = ((await bulk.json()) as { flags: { key: string }[] }).flags.map((f) => f.key);
    const request = await receiver.waitFor((s) => s.name === 'POST /ofrep/v1/evaluate/flags');
    await receiver.waitFor(() => childrenOf(request).length >= flags.length);
    expect(
      childrenOf(request)
        .map((s) => s.attributes['feature_flag.key'])
        .sort(),
    ).toEqual(flags.sort());
    for (const child of childrenOf(request)) {
      expect(child.attributes['feature_flag.context.id']).toBe('bulk-user');
    }

    const missing = await fetch(`${server.url}/ofrep/v1/evaluate/flags/no-such-flag`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"context":{}}',
    });
    expect(missing.status).toBe(404);
    const failed = await receiver.waitFor((s) => s.attributes['feature_flag.key'] === 'no-such-flag');
    expect(failed.attributes).toMatchObject({
      'feature_flag.result.reason': 'error',
      'error.type': 'flag_not_found',
    });
    expect(failed.attributes['feature_flag.context.id']).toBeUndefined();
    expect(failed.status?.code).toBe(ERROR);
  });

  it("traces flagd's evaluation over Connect JSON with the same attributes", async () => {
    const response = await fetch(`${server.url}/flagd.evaluation.v1.Service/ResolveBoolean`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ flagKey: 'checkout', context: { targetingKey: 'flagd-user', plan: 'free' } }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const request = await receiver.waitFor(
      (s) => s.name === 'POST /flagd.evaluation.v1.Service/ResolveBoolean',
    );
    expect(request.kind).toBe(SERVER);
    const [evaluation, ...more] = await (async () => {
      await receiver.waitFor((s) => s.parentSpanId === request.spanId);
      return childrenOf(request);
    })();
    expect(more).toEqual([]);
    expect(evaluation!.attributes).toMatchObject({
      'feature_flag.key': 'checkout',
      'feature_flag.result.variant': 'off',
      'feature_flag.result.reason': 'targeting_match',
      'feature_flag.context.id': 'flagd-user',
    });
  });
});

describe('tracing configuration', () => {
  it('is off unless OTEL_TRACES_EXPORTER names otlp, and off when the SDK is disabled', () => {
    expect(tracingConfigFromEnv({})).toBeUndefined();
    expect(tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({
      sampler: 'parentbased_always_on',
      ratio: 1,
      batch: { scheduledDelayMillis: 5000, maxQueueSize: 2048, maxExportBatchSize: 512 },
    });
    expect(
      tracingConfigFromEnv({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }),
    ).toMatchObject({ sampler: 'parentbased_traceidratio', ratio: 0.25 });
  });

  it('refuses values it cannot honour, naming the variable', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ OTEL_TRACES_EXPORTER: 'jaeger' }, /OTEL_TRACES_EXPORTER: "jaeger" is not supported/],
      [
        { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
        /OTEL_EXPORTER_OTLP_PROTOCOL: "grpc"/,
      ],
      [
        { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'sometimes' },
        /OTEL_TRACES_SAMPLER: "sometimes"/,
      ],
      [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER_ARG: '2' }, /OTEL_TRACES_SAMPLER_ARG must be/],
      [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_BSP_SCHEDULE_DELAY: 'soon' }, /OTEL_BSP_SCHEDULE_DELAY must be/],
      [
        {
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100',
          OTEL_BSP_MAX_QUEUE_SIZE: '10',
        },
        /must not exceed OTEL_BSP_MAX_QUEUE_SIZE/,
      ],
    ];
    for (const [env, message] of bad) expect(() => tracingConfigFromEnv(env)).toThrow(message);
  });

  it('is absent without OTEL_TRACES_EXPORTER, and only the lazily imported module uses the SDK', async () => {
    expect(await startTracing({})).toBeUndefined();
    // A default start must not pay for loading OpenTelemetry: no other source file imports it.
    const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    const importers = sources.filter((file) =>
      /from '@opentelemetry\//.test(readFileSync(join(srcDir, file), 'utf8')),
    );
    expect(importers).toEqual([join('tracing', 'open-telemetry-tracing.ts')]);
    expect(readFileSync(join(srcDir, 'tracing', 'server-tracing.ts'), 'utf8')).toContain(
      "await import('./open-telemetry-tracing.js')",
    );
  });
});
