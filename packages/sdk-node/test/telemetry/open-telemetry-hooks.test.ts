import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetricsHook, SpanHook } from '@openfeature/open-telemetry-hooks';
import { OpenFeature } from '@openfeature/server-sdk';
import { metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type RunningServer, startServer } from '@switchyard/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardProvider } from '../../src/index.js';
import { silentLogger } from '../support/event-log.js';
import { tempDir } from '../support/temp-dir.js';

// The official OpenTelemetry hooks on evaluations served by SwitchyardProvider: spans and metrics
// carry the feature_flag.* semantic-convention attributes, flag-set metadata included.
const dir = tempDir();
const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 60_000,
});
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [metricReader] });
let server: RunningServer;

beforeAll(async () => {
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  const file = join(dir.path, 'flags.json');
  writeFileSync(
    file,
    JSON.stringify({
      metadata: { flagSetId: 'checkout', version: '7' },
      flags: {
        'new-checkout': {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'off',
          targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'on', null] },
        },
      },
    }),
  );
  server = await startServer({ flagFiles: [file], port: 0, host: '127.0.0.1', logger: false });
  await OpenFeature.setProviderAndWait(
    'otel',
    new SwitchyardProvider({ url: server.url, logger: silentLogger }),
  );
});
afterAll(async () => {
  await OpenFeature.close();
  await server?.close();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  trace.disable();
  metrics.disable();
  dir.remove();
});

describe('@openfeature/open-telemetry-hooks with SwitchyardProvider', () => {
  it('records a span per evaluation with the feature_flag.* attributes', async () => {
    const client = OpenFeature.getClient('otel');
    client.addHooks(new SpanHook());
    expect(
      await client.getBooleanValue('new-checkout', false, { targetingKey: 'user-42', plan: 'pro' }),
    ).toBe(true);
    expect(await client.getBooleanValue('missing', false)).toBe(false);

    const finished = spans.getFinishedSpans().filter((span) => span.name === 'feature_flag.evaluation');
    expect(finished).toHaveLength(2);
    expect(finished[0]?.attributes).toEqual({
      'feature_flag.key': 'new-checkout',
      'feature_flag.provider.name': 'Switchyard',
      'feature_flag.result.reason': 'targeting_match',
      'feature_flag.result.variant': 'on',
      'feature_flag.result.value': true,
      'feature_flag.context.id': 'user-42',
      'feature_flag.set.id': 'checkout',
      'feature_flag.version': '7',
    });
    expect(finished[1]?.attributes).toMatchObject({
      'feature_flag.key': 'missing',
      'feature_flag.result.reason': 'error',
      'error.type': 'flag_not_found',
    });
  });

  it('counts evaluations with the feature_flag.* attributes', async () => {
    const client = OpenFeature.getClient('otel-metrics');
    // Another domain and provider, so that only this client's evaluations are counted.
    await OpenFeature.setProviderAndWait(
      'otel-metrics',
      new SwitchyardProvider({ url: server.url, logger: silentLogger }),
    );
    client.addHooks(new MetricsHook());
    for (const plan of ['pro', 'free', 'pro']) await client.getBooleanValue('new-checkout', false, { plan });

    await metricReader.forceFlush();
    const all = metricExporter
      .getMetrics()
      .flatMap((resource) => resource.scopeMetrics)
      .flatMap((scope) => scope.metrics);
    const metric = (name: string) => all.filter((m) => m.descriptor.name === name).at(-1);
    const requests = metric('feature_flag.evaluation_requests_total');
    expect(requests?.dataPoints).toEqual([
      expect.objectContaining({
        value: 3,
        attributes: { 'feature_flag.key': 'new-checkout', 'feature_flag.provider.name': 'Switchyard' },
      }),
    ]);
    const successes = metric('feature_flag.evaluation_success_total');
    const byVariant = Object.fromEntries(
      (successes?.dataPoints ?? []).map((point) => [point.attributes['feature_flag.result.variant'], point]),
    );
    expect(byVariant.on?.value).toBe(2);
    expect(byVariant.on?.attributes).toMatchObject({
      'feature_flag.key': 'new-checkout',
      'feature_flag.result.reason': 'TARGETING_MATCH',
    });
    expect(byVariant.off?.value).toBe(1);
    expect(byVariant.off?.attributes['feature_flag.result.reason']).toBe('DEFAULT');
  });
});
