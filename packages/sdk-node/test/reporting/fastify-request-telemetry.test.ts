import { OpenFeature } from '@openfeature/server-sdk';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardProvider, type TelemetryPayload } from '../../src/index.js';
import { openFeatureContext } from '../../src/middleware/fastify.js';
import { silentLogger } from '../support/event-log.js';
import { byPrefix, type FlagServer, startFlagServer } from '../support/flag-server.js';

let flags: FlagServer;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  flags = await startFlagServer({ checkout: byPrefix });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await flags.close();
});

async function serve(options: { telemetry?: boolean } = {}): Promise<string> {
  const app = Fastify({ logger: false });
  apps.push(app);
  await app.register(openFeatureContext, options);
  const checkout = () => OpenFeature.getClient().getBooleanDetails('checkout', false);
  app.post('/checkout', async (request) => {
    const { fail } = (request.body ?? {}) as { fail?: string };
    const details = await checkout();
    await checkout();
    if (fail === 'server') throw new Error('the new checkout broke');
    if (fail === 'client') throw Object.assign(new Error('no such basket'), { statusCode: 404 });
    if (fail === 'recovered')
      throw Object.assign(new Error('broke, answered from a fallback'), { recovered: true });
    return { variant: details.variant };
  });
  app.setErrorHandler((error: Error & { statusCode?: number; recovered?: boolean }, _request, reply) => {
    // An application that hides a failure behind a 200: the thrown error still counts.
    if (error.recovered) return reply.status(200).send({ variant: 'fallback' });
    return reply.status(error.statusCode ?? 500).send({ error: error.message });
  });
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const post = (url: string, user: string, body: unknown = {}) =>
  fetch(`${url}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': user },
    body: JSON.stringify(body),
  });

async function withProvider<T>(
  options: { telemetry?: boolean },
  run: (provider: SwitchyardProvider) => Promise<T>,
) {
  const provider = new SwitchyardProvider({ url: flags.url, logger: silentLogger, ...options });
  await OpenFeature.setProviderAndWait(provider);
  try {
    return await run(provider);
  } finally {
    await OpenFeature.clearProviders();
  }
}

const telemetryReports = () => flags.receiver.to('telemetry').map((r) => r.body as TelemetryPayload);

describe('per-variant request telemetry through the Fastify plugin', () => {
  it('counts server errors thrown by a handler, not client errors, with the status the client saw', async () => {
    const url = await serve();
    const before = telemetryReports().length;
    await withProvider({}, async (provider) => {
      const statuses = await Promise.all([
        post(url, 'on-1'),
        post(url, 'on-2', { fail: 'server' }),
        post(url, 'on-3', { fail: 'client' }),
        post(url, 'on-4', { fail: 'recovered' }),
        post(url, 'off-1'),
        post(url, 'off-2', { fail: 'server' }),
      ]).then((answers) => answers.map((a) => a.status));
      expect(statuses).toEqual([200, 500, 404, 200, 200, 500]);
      await provider.flush();
    });
    const reports = telemetryReports().slice(before);
    expect(reports).toHaveLength(1);
    const byVariant = Object.fromEntries(
      reports[0]!.variants.map((v) => [v.variant, { n: v.n, errors: v.errors }]),
    );
    expect(byVariant).toEqual({ on: { n: 4, errors: 2 }, off: { n: 2, errors: 1 } });
  });

  it('records nothing when the plugin or the provider has telemetry off', async () => {
    const before = telemetryReports().length;
    const withoutPlugin = await serve({ telemetry: false });
    await withProvider({}, async (provider) => {
      expect((await post(withoutPlugin, 'on-1')).status).toBe(200);
      await provider.flush();
      expect(provider.reporting.telemetry).toMatchObject({ state: 'active', pending: 0 });
    });
    const withPlugin = await serve();
    await withProvider({ telemetry: false }, async (provider) => {
      expect((await post(withPlugin, 'on-1')).status).toBe(200);
      await provider.flush();
      expect(provider.reporting.telemetry.state).toBe('off');
    });
    expect(telemetryReports().length).toBe(before);
  });
});
