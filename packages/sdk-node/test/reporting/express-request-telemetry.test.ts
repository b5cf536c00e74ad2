import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenFeature } from '@openfeature/server-sdk';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardProvider, type TelemetryPayload } from '../../src/index.js';
import { openFeatureContext } from '../../src/middleware/express.js';
import { silentLogger } from '../support/event-log.js';
import { byPrefix, everyone, type FlagServer, startFlagServer } from '../support/flag-server.js';

let flags: FlagServer;
let provider: SwitchyardProvider;
let app: Server;
let url: string;
/** Requests whose response the server saw close, by path. */
const closed: string[] = [];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const checkout = () => OpenFeature.getClient().getBooleanDetails('checkout', false);

beforeAll(async () => {
  flags = await startFlagServer({ checkout: byPrefix, everyone });
  provider = new SwitchyardProvider({ url: flags.url, sdkKey: 'sy_server_telemetry', logger: silentLogger });
  await OpenFeature.setProviderAndWait(provider);
  const routes = express();
  routes.use((request, response, next) => {
    response.on('close', () => closed.push(request.path));
    next();
  });
  routes.use(openFeatureContext());
  routes.get('/checkout', async (request, response) => {
    // Evaluated three times (and a STATIC flag once): the request counts once for its variant.
    const details = await checkout();
    await checkout();
    await OpenFeature.getClient().getBooleanValue('everyone', false);
    await pause(Number(request.query.delay ?? 0));
    await checkout();
    response.status(Number(request.query.status ?? 200)).json({ variant: details.variant });
  });
  routes.get('/both-variants', async (_request, response) => {
    const client = OpenFeature.getClient();
    const on = await client.getBooleanDetails('checkout', false, { targetingKey: 'on-other' });
    const off = await client.getBooleanDetails('checkout', false, { targetingKey: 'off-other' });
    response.json({ variants: [on.variant, off.variant] });
  });
  routes.get('/throws', async () => {
    await checkout();
    throw new Error('the new checkout broke');
  });
  routes.get('/hangs', async () => {
    await checkout();
    // Never answers: the client gives up.
  });
  routes.get('/later', (_request, response) => {
    response.json({});
    // Work the request leaves running after its response is not the request's.
    setTimeout(() => void checkout(), 5);
  });
  routes.get('/none', (_request, response) => {
    response.json({});
  });
  routes.use(
    (error: Error, _req: express.Request, response: express.Response, _next: express.NextFunction) => {
      response.status(500).json({ error: error.message });
    },
  );
  app = routes.listen(0, '127.0.0.1');
  await new Promise((resolve) => app.once('listening', resolve));
  url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(async () => {
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
  await OpenFeature.close();
  await flags.close();
});

const get = (path: string, user?: string) =>
  fetch(`${url}${path}`, { headers: user === undefined ? {} : { 'x-user-id': user } });

async function waitUntilClosed(path: string, count: number): Promise<void> {
  const started = Date.now();
  while (closed.filter((p) => p === path).length < count) {
    if (Date.now() - started > 5000) throw new Error(`${path} was not closed`);
    await pause(5);
  }
}

describe('per-variant request telemetry through the Express middleware', () => {
  it('counts each request once per variant it evaluated, with its outcome and duration', async () => {
    const answers = await Promise.all([
      get('/checkout', 'on-1'),
      get('/checkout', 'on-2'),
      get('/checkout?status=503', 'on-3'),
      get('/checkout', 'off-1'),
      get('/checkout?delay=1100', 'off-2'),
      get('/both-variants', 'anyone'),
      get('/throws', 'on-4'),
      get('/later', 'on-5'),
      get('/none', 'on-6'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 503, 200, 200, 200, 500, 200, 200]);
    expect(await answers[0]!.json()).toEqual({ variant: 'on' });
    expect(await answers[4]!.json()).toEqual({ variant: 'off' });
    // A client that gives up waiting: the response never completes.
    const gaveUp = await fetch(`${url}/hangs`, {
      headers: { 'x-user-id': 'on-7' },
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);
    expect(gaveUp).toBe('TimeoutError');
    await waitUntilClosed('/hangs', 1);
    await waitUntilClosed('/later', 1);
    await pause(20);

    await provider.flush();
    const [report] = flags.receiver.to('telemetry');
    expect(flags.receiver.to('telemetry')).toHaveLength(1);
    expect(report!.headers['content-type']).toBe('application/json');
    expect(report!.headers['x-api-key']).toBe('sy_server_telemetry');
    const payload = report!.body as TelemetryPayload;
    expect(payload.sdk).toEqual({ name: '@switchyard/sdk-node', version: '0.1.0' });
    expect(payload.intervalEnd).toBeGreaterThanOrEqual(payload.intervalStart);
    expect(Math.abs(payload.intervalEnd - Date.now())).toBeLessThan(5000);
    // Only the flag whose variant targeting chose: the STATIC one is not reported.
    expect(payload.variants.map((v) => `${v.flag}/${v.variant}`).sort()).toEqual([
      'checkout/off',
      'checkout/on',
    ]);
    const on = payload.variants.find((v) => v.variant === 'on')!;
    const off = payload.variants.find((v) => v.variant === 'off')!;
    // on: on-1, on-2, on-3 (503), on-4 (threw), both-variants, the aborted /hangs.
    expect(on).toMatchObject({ n: 6, errors: 3 });
    // off: off-1, off-2 (slow), both-variants.
    expect(off).toMatchObject({ n: 3, errors: 0 });
    expect(off.latency.sum).toBeGreaterThanOrEqual(1100);
    expect(off.latency.sumSquares).toBeGreaterThanOrEqual(1100 * 1100);
    const bucket = (le: number | '+Inf') => off.latency.buckets.find((b) => b.le === le)?.count;
    expect(bucket(1000)).toBe(2);
    expect(bucket('+Inf')).toBe(3);
    for (const variant of [on, off]) {
      const counts = variant.latency.buckets.map((b) => b.count);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(variant.latency.buckets).toHaveLength(15);
    }
  });
});
