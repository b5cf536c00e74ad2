import { status } from '@grpc/grpc-js';
import { type Client, OpenFeature, ProviderEvents } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';
import { flagdClient } from './flagd-provider-evaluator.js';
import { flagdSchemas, type OfficialClient, officialClient, openStream } from './official-grpc-client.js';

// Changes made through the admin API reach flagd clients while they are connected: the official flagd
// provider in both modes (RPC with its evaluation cache on, as deployed by default, and in-process), and
// revocation ends a key's streams at once.
const targets = await storageTargets('flagd protocol tests (PostgreSQL)');
const production = '/api/v1/projects/default/environments/production';

/** The next PROVIDER_CONFIGURATION_CHANGED of `client`, with the flags it names. */
function nextChange(client: Client, timeoutMs = 5000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no configuration change')), timeoutMs);
    const handler = (details?: { flagsChanged?: string[] }) => {
      clearTimeout(timer);
      client.removeHandler(ProviderEvents.ConfigurationChanged, handler);
      resolve(details?.flagsChanged ?? []);
    };
    client.addHandler(ProviderEvents.ConfigurationChanged, handler);
  });
}

describe.skipIf(flagdSchemas === null).each(targets)('flagd clients kept current on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'banner',
      variants: { on: true, off: false },
    });
    await t.api('PUT', `${production}/flags/banner`, { state: 'ENABLED', defaultVariant: 'off' });
  });
  afterAll(async () => {
    await OpenFeature.close();
    await t?.stop();
  });

  it('carries a change made through the admin API to the flagd provider in RPC and in-process mode', async () => {
    const key = (await t.api('POST', `${production}/sdk-keys`, { name: 'live', kind: 'server' })).body.key;
    const options = { host: '127.0.0.1', port: t.server.port, selector: `sdk-key:${key}` };
    const rpc = await flagdClient({ ...options, resolverType: 'rpc', cache: 'lru' });
    const inProcess = await flagdClient({ ...options, resolverType: 'in-process' });
    expect(await rpc.getBooleanDetails('banner', true)).toMatchObject({ value: false, reason: 'STATIC' });
    // The RPC provider caches STATIC results until the server says the flag changed.
    expect(await rpc.getBooleanDetails('banner', true)).toMatchObject({ value: false, reason: 'CACHED' });
    expect(await inProcess.getBooleanDetails('banner', true)).toMatchObject({
      value: false,
      reason: 'STATIC',
    });

    const changes = Promise.all([nextChange(rpc), nextChange(inProcess)]);
    expect(
      (await t.api('PUT', `${production}/flags/banner`, { state: 'ENABLED', defaultVariant: 'on' })).status,
    ).toBe(200);
    const [rpcChanged, inProcessChanged] = await changes;
    expect(rpcChanged).toEqual(['banner']);
    expect(inProcessChanged).toEqual(['banner']);
    expect(await rpc.getBooleanDetails('banner', false)).toMatchObject({ value: true, reason: 'STATIC' });
    expect(await inProcess.getBooleanDetails('banner', false)).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
  });

  it('ends a revoked key\u2019s SyncFlags and EventStream streams at once', async () => {
    const created = (await t.api('POST', `${production}/sdk-keys`, { name: 'doomed', kind: 'server' })).body;
    const sync: OfficialClient = officialClient('sync', t.server.port);
    const evaluation: OfficialClient = officialClient('evaluationV2', t.server.port);
    try {
      const flags = openStream(sync, 'SyncFlags', {}, { 'x-api-key': created.key });
      const events = openStream(evaluation, 'EventStream', {}, { authorization: `Bearer ${created.key}` });
      expect(JSON.parse((await flags.next()).flag_configuration as string).flags.banner).toBeDefined();
      expect(await events.next()).toMatchObject({ type: 'provider_ready' });

      const started = Date.now();
      expect((await t.api('DELETE', `${production}/sdk-keys/${created.id}`)).status).toBe(200);
      const [syncEnd, eventsEnd] = await Promise.all([flags.ended, events.ended]);
      // EventStream's keep-alive is 20 s apart: ending this soon is the revocation's doing.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(syncEnd?.code).toBe(status.UNAUTHENTICATED);
      expect(eventsEnd?.code).toBe(status.UNAUTHENTICATED);
      expect(decodeURIComponent(syncEnd!.details)).toBe('the SDK key was revoked');
      // And the key opens nothing any more.
      const again = openStream(sync, 'SyncFlags', {}, { 'x-api-key': created.key });
      expect((await again.ended)?.code).toBe(status.UNAUTHENTICATED);
    } finally {
      sync.close();
      evaluation.close();
    }
  });
});
