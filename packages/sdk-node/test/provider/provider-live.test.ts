import {
  ErrorCode,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import { type RunningServer, startServer } from '@switchyard/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardProvider, type SwitchyardProviderOptions } from '../../src/index.js';
import { ADMIN_TOKEN, AdminApi } from '../support/admin-api.js';
import { EventLog, eventually, silentLogger } from '../support/event-log.js';
import { tempDir } from '../support/temp-dir.js';

// A real server on loopback (SQLite in a temp dir), driven through its admin API; providers are
// used through the OpenFeature SDK, as an application would.
const dir = tempDir();
let server: RunningServer;
let admin: AdminApi;
let serverKey: string;
let domains = 0;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: dir.path,
    adminToken: ADMIN_TOKEN,
    logger: false,
  });
  admin = new AdminApi(server.url);
  await admin.createBooleanFlag('new-checkout');
  await admin.configure('new-checkout', { defaultVariant: 'off' });
  serverKey = await admin.sdkKey('production', 'server');
});
afterEach(async () => {
  await OpenFeature.close();
});
afterAll(async () => {
  await server?.close();
  dir.remove();
});

async function connect(options: Partial<SwitchyardProviderOptions> = {}) {
  const provider = new SwitchyardProvider({
    url: server.url,
    sdkKey: serverKey,
    logger: silentLogger,
    ...options,
  });
  const log = new EventLog(provider);
  const domain = `live-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return { provider, log, client: OpenFeature.getClient(domain) };
}

describe('SwitchyardProvider against a live server', () => {
  it('syncs the environment flag set at start-up and evaluates in process', async () => {
    const { provider, client } = await connect();
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    const details = await client.getBooleanDetails('new-checkout', true);
    expect(details).toMatchObject({ value: false, variant: 'off', reason: 'STATIC' });
    expect(provider.flagSetVersion).toBeGreaterThan(0);
    const missing = await client.getBooleanDetails('no-such-flag', true);
    expect(missing).toMatchObject({ value: true, errorCode: ErrorCode.FLAG_NOT_FOUND });
  });

  it('serves a change made through the admin API within a short bound and names the changed flag', async () => {
    const { log, client } = await connect();
    const from = log.events.length;
    const answered = performance.now();
    await admin.configure('new-checkout', {
      defaultVariant: 'off',
      targeting: { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'on', null] },
    });
    const changed = await log.waitFor(ProviderEvents.ConfigurationChanged, { from });
    expect(changed.details?.flagsChanged).toEqual(['new-checkout']);
    expect(changed.at - answered).toBeLessThan(1000);
    expect(await client.getBooleanValue('new-checkout', false, { targetingKey: 'u1', plan: 'pro' })).toBe(
      true,
    );
    expect(await client.getBooleanValue('new-checkout', true, { targetingKey: 'u2', plan: 'free' })).toBe(
      false,
    );

    await admin.createBooleanFlag('added-later');
    await admin.configure('added-later', { defaultVariant: 'on' });
    await eventually(() => client.getBooleanValue('added-later', false), true, 2000);
    await admin.configure('new-checkout', { defaultVariant: 'off', targeting: null });
  });

  it('never receives a flag set the server refused, and keeps serving the last valid one', async () => {
    const { log, client } = await connect();
    const before = await admin.ok<{ flags: Record<string, unknown> }>(
      'GET',
      '/projects/default/environments/production/flagset',
    );
    const from = log.events.length;
    const refused = await admin.request<{ error: { code: string } }>(
      'PUT',
      '/projects/default/environments/production/flagset',
      {
        flags: {
          ...before.flags,
          'new-checkout': {
            state: 'ENABLED',
            variants: { on: true, off: false },
            defaultVariant: 'missing-variant',
          },
        },
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');

    // The stream is ordered: once a later valid change has arrived, a refused one would have been seen first.
    await admin.createBooleanFlag('after-refusal');
    await admin.configure('after-refusal', { defaultVariant: 'on' });
    await eventually(() => client.getBooleanValue('after-refusal', false), true, 2000);
    expect(new Set(log.changedSince(from))).toEqual(new Set(['after-refusal']));
    expect(await client.getBooleanDetails('new-checkout', true)).toMatchObject({
      value: false,
      variant: 'off',
    });
  });

  it('reports an unknown SDK key as a fatal ERROR, once, without crashing or retrying', async () => {
    let requests = 0;
    const countingFetch: typeof fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    const provider = new SwitchyardProvider({
      url: server.url,
      sdkKey: 'sy_server_not-a-real-key',
      fetch: countingFetch,
      logger: silentLogger,
      reconnect: { initialDelayMs: 10, maxDelayMs: 20 },
    });
    const errors: unknown[] = [];
    OpenFeature.addHandler(ProviderEvents.Error, (details) => {
      if (details?.domain === 'bad-key') errors.push(details);
    });
    await expect(OpenFeature.setProviderAndWait('bad-key', provider)).rejects.toMatchObject({
      code: ErrorCode.PROVIDER_FATAL,
      message: expect.stringMatching(/refused the SDK key.*HTTP 401.*unknown or revoked SDK key/),
    });
    const client = OpenFeature.getClient('bad-key');
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect(await client.getBooleanDetails('new-checkout', true)).toMatchObject({
      value: true,
      errorCode: ErrorCode.PROVIDER_FATAL,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests).toBe(1);
    expect(errors).toHaveLength(1);
    expect(provider.lastError?.code).toBe('SDK_KEY_REJECTED');
  });

  it('refuses a client key (targeting rules are for server keys only)', async () => {
    const clientKey = await admin.sdkKey('production', 'client');
    const provider = new SwitchyardProvider({ url: server.url, sdkKey: clientKey, logger: silentLogger });
    await expect(OpenFeature.setProviderAndWait('client-key', provider)).rejects.toMatchObject({
      code: ErrorCode.PROVIDER_FATAL,
      message: expect.stringContaining('HTTP 403'),
    });
  });

  it('emits a fatal ERROR event when the key is revoked while connected', async () => {
    const { id, key } = await admin.createSdkKey('production', 'server');
    const { log, client } = await connect({ sdkKey: key, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } });
    await admin.ok('DELETE', `/projects/default/environments/production/sdk-keys/${id}`);
    // The server ends a revoked key's stream at its next heartbeat (15 s); dropping the connections shows
    // it sooner: the provider reconnects and is refused.
    server.app.server.closeAllConnections();
    const error = await log.waitFor(ProviderEvents.Error, { timeoutMs: 20_000 });
    expect(error.details).toMatchObject({
      errorCode: ErrorCode.PROVIDER_FATAL,
      message: expect.stringContaining('401'),
    });
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
  });

  it('announces READY after a reconnect only once the changes made meanwhile are served', async () => {
    // A server of its own, restarted on the same port and data dir.
    const own = tempDir();
    const options = { host: '127.0.0.1', dataDir: own.path, adminToken: ADMIN_TOKEN, logger: false };
    let running = await startServer({ ...options, port: 0 });
    const port = running.port;
    try {
      const ownAdmin = new AdminApi(running.url);
      await ownAdmin.createBooleanFlag('new-checkout');
      await ownAdmin.configure('new-checkout', { defaultVariant: 'off' });
      // A flag set too big for one read: the catch-up arrives in several chunks.
      await ownAdmin.ok('POST', '/projects/default/flags', {
        key: 'bulky',
        variants: { big: 'x'.repeat(400_000) },
      });
      // The default transport (node:http), as most applications run it.
      const { provider, log } = await connect({
        url: running.url,
        sdkKey: await ownAdmin.sdkKey(),
        reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      });
      // What an application reading a flag in its READY handler gets.
      const seenOnReady: Array<Promise<ResolutionDetails<boolean>>> = [];
      provider.events.addHandler(ProviderEvents.Ready, () => {
        seenOnReady.push(provider.resolveBooleanEvaluation('new-checkout', false, {}));
      });

      await running.close();
      await log.waitFor(ProviderEvents.Stale);
      // The change is made on another port, so the provider cannot reconnect before it is in.
      const meanwhile = await startServer({ ...options, port: 0 });
      await new AdminApi(meanwhile.url).configure('new-checkout', { defaultVariant: 'on' });
      await meanwhile.close();
      running = await startServer({ ...options, port });
      await log.waitFor(ProviderEvents.Ready, { timeoutMs: 5000 });
      expect(seenOnReady).toHaveLength(1);
      expect(await seenOnReady[0]).toMatchObject({ value: true, variant: 'on' });
    } finally {
      await OpenFeature.close();
      await running.close();
      own.remove();
    }
  });

  it('polls with If-None-Match when streaming is not allowed', async () => {
    const statuses: number[] = [];
    const paths = new Set<string>();
    const recordingFetch: typeof fetch = async (input, init) => {
      paths.add(new URL(String(input)).pathname);
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    };
    const { log, client } = await connect({ mode: 'polling', pollIntervalMs: 100, fetch: recordingFetch });
    expect(await client.getBooleanValue('new-checkout', true)).toBe(false);
    await eventually(() => statuses.filter((status) => status === 304).length >= 2, true, 3000);
    const from = log.events.length;
    await admin.configure('new-checkout', { defaultVariant: 'on' });
    const changed = await log.waitFor(ProviderEvents.ConfigurationChanged, { from, timeoutMs: 3000 });
    expect(changed.details?.flagsChanged).toEqual(['new-checkout']);
    expect(await client.getBooleanValue('new-checkout', false)).toBe(true);
    expect([...paths]).toEqual(['/sdk/v1/flagset']);
    await admin.configure('new-checkout', { defaultVariant: 'off' });
  });
});
