import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SwitchyardProvider,
  type SwitchyardProviderOptions,
  type TelemetryPayload,
} from '../../src/index.js';
import { type CheckoutApp, startCheckoutApp } from '../support/checkout-app.js';
import { EventLog } from '../support/event-log.js';
import { byPrefix, type FlagServer, startFlagServer } from '../support/flag-server.js';
import { recordingLogger } from '../support/recording-logger.js';

let flags: FlagServer;
let app: CheckoutApp;

beforeAll(async () => {
  flags = await startFlagServer({ checkout: byPrefix });
  app = await startCheckoutApp();
});
afterEach(async () => {
  await OpenFeature.clearProviders();
  flags.receiver.answerWith(() => ({ status: 202 }));
  flags.receiver.reports.splice(0);
});
afterAll(async () => {
  await app.close();
  await flags.close();
});

async function start(options: Partial<SwitchyardProviderOptions> = {}) {
  const logger = recordingLogger();
  // Exposures off: the events they would post are another test's subject.
  const provider = new SwitchyardProvider({
    url: flags.url,
    sdkKey: 'sy_server_t',
    logger,
    exposures: false,
    ...options,
  });
  const events = new EventLog(provider);
  await OpenFeature.setProviderAndWait(provider);
  return { provider, logger, events };
}

const telemetry = () => flags.receiver.to('telemetry').map((report) => report.body as TelemetryPayload);
const counts = (payload: TelemetryPayload | undefined) =>
  Object.fromEntries((payload?.variants ?? []).map((v) => [v.variant, v.n]));

describe('telemetry delivery', () => {
  it('keeps a summary the server could not take (503) and sends it merged with the next interval', async () => {
    const { provider, logger } = await start();
    flags.receiver.answerWith(() => ({
      status: 503,
      body: { error: { code: 'UNAVAILABLE', message: 'starting' } },
    }));
    await app.request('on-1');
    await provider.flush();
    expect(provider.reporting.telemetry).toMatchObject({ state: 'active', pending: 1, dropped: 0 });
    expect(provider.reporting.telemetry.lastError).toMatchObject({ code: 'HTTP_ERROR', status: 503 });

    flags.receiver.answerWith(() => ({ status: 202 }));
    await app.request('on-2');
    await app.request('off-1');
    await provider.flush();
    const [failed, merged] = telemetry();
    expect(counts(failed)).toEqual({ on: 1 });
    expect(counts(merged)).toEqual({ on: 2, off: 1 });
    expect(merged!.intervalStart).toBe(failed!.intervalStart);
    expect(merged!.intervalEnd).toBeGreaterThanOrEqual(failed!.intervalEnd);
    expect(provider.reporting.telemetry).toMatchObject({ pending: 0, lastError: undefined });
    // One warning for the outage, and a note when it is over.
    expect(logger.lines.warn).toEqual([
      expect.stringMatching(/HTTP 503: UNAVAILABLE starting.*kept for the next/),
    ]);
    expect(logger.lines.info).toEqual([expect.stringMatching(/request telemetry delivered again/)]);
  });

  it('drops a batch the server rejects as malformed (400) and says why', async () => {
    const { provider, logger } = await start();
    flags.receiver.answerWith(() => ({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'the telemetry body is not valid',
          issues: [{ path: '/variants/0/latency/buckets', message: 'must have 15 buckets' }],
        },
      },
    }));
    await app.request('on-1');
    await provider.flush();
    expect(provider.reporting.telemetry).toMatchObject({ pending: 0, dropped: 1 });
    expect(provider.reporting.telemetry.lastError?.code).toBe('REPORT_REJECTED');
    expect(logger.lines.warn).toEqual([
      expect.stringContaining(
        'HTTP 400: VALIDATION_FAILED the telemetry body is not valid (/variants/0/latency/buckets: must have 15 buckets)',
      ),
    ]);

    flags.receiver.answerWith(() => ({ status: 202 }));
    await app.request('off-1');
    await provider.flush();
    expect(telemetry().map(counts)).toEqual([{ on: 1 }, { off: 1 }]);
  });

  it.each([401, 403])(
    'stops for good when the server refuses the key (%i), logging it once',
    async (status) => {
      const { provider, logger, events } = await start();
      flags.receiver.answerWith(() => ({
        status,
        body: { error: { code: 'FORBIDDEN', message: 'not this key' } },
      }));
      await app.request('on-1');
      await provider.flush();
      await app.request('on-2');
      await provider.flush();
      expect(telemetry()).toHaveLength(1);
      expect(provider.reporting.telemetry).toMatchObject({ state: 'stopped', pending: 0 });
      expect(provider.reporting.telemetry.lastError).toMatchObject({ code: 'SDK_KEY_REJECTED', status });
      expect(logger.lines.error).toEqual([
        expect.stringMatching(/refused the SDK key.*request telemetry stopped/),
      ]);
      // Flags are still served: telemetry being refused is no reason to turn the provider to ERROR.
      expect(events.types()).toEqual([]);
      expect(provider.state).toBe('ready');
    },
  );

  it('waits as long as a 429 asks (Retry-After) before sending again', async () => {
    const { provider } = await start();
    flags.receiver.answerWith(() => ({ status: 429, headers: { 'retry-after': '30' } }));
    await app.request('on-1');
    await provider.flush();
    flags.receiver.answerWith(() => ({ status: 202 }));
    await app.request('on-2');
    await provider.flush();
    expect(telemetry()).toHaveLength(1);
    expect(provider.reporting.telemetry.pending).toBe(1);
  });

  it('sends every telemetryInterval without being asked, and what is left when the provider closes', async () => {
    const { provider } = await start({ telemetryInterval: 1000 });
    const started = Date.now();
    await app.request('on-1');
    const [first] = await flags.receiver.waitFor('telemetry', 1, 3000);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(counts(first!.body as TelemetryPayload)).toEqual({ on: 1 });
    await app.request('off-1');
    await OpenFeature.clearProviders();
    expect(telemetry().map(counts)).toEqual([{ on: 1 }, { off: 1 }]);
    expect(provider.state).toBe('closed');
  });

  it('gives up flushing on close after flushTimeout when the server does not answer', async () => {
    const { logger } = await start({ flushTimeout: 300 });
    flags.receiver.answerWith(() => 'hang');
    await app.request('on-1');
    const started = Date.now();
    await OpenFeature.clearProviders();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(telemetry()).toHaveLength(1);
    expect(logger.lines.warn.at(-1)).toMatch(/closed with 0 events and 1 telemetry summaries undelivered/);
  });

  it('sends nothing when nothing was measured', async () => {
    const { provider } = await start();
    await provider.flush();
    await OpenFeature.clearProviders();
    expect(telemetry()).toEqual([]);
  });
});
