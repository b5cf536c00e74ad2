import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';
import {
  call,
  flagdSchemas,
  type OfficialClient,
  officialClient,
  openStream,
} from './official-grpc-client.js';

// The SDK key rules on flagd's gRPC services, through a client built from the official .proto files: nothing
// without a valid key, sync (which hands out targeting rules) only with a server key, evaluation with client
// keys too; the key as x-api-key / authorization metadata or as the selector `sdk-key:<key>`.
const keys = '/api/v1/projects/default/environments/production/sdk-keys';

describe.skipIf(flagdSchemas === null)('SDK keys on the flagd gRPC services (SQLite)', () => {
  let t: TestServer;
  let sync: OfficialClient;
  let evaluation: OfficialClient;
  let serverKey: string;
  let clientKey: string;
  let document: { metadata?: Record<string, unknown> };

  beforeAll(async () => {
    t = await startTestServer('sqlite');
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'checkout',
      variants: { on: true, off: false },
    });
    await t.api('PUT', '/api/v1/projects/default/environments/production/flags/checkout', {
      state: 'ENABLED',
      defaultVariant: 'on',
    });
    serverKey = (await t.api('POST', keys, { name: 'server', kind: 'server' })).body.key;
    clientKey = (await t.api('POST', keys, { name: 'browser', kind: 'client' })).body.key;
    document = (await t.api('GET', '/api/v1/projects/default/environments/production/flagset')).body;
    sync = officialClient('sync', t.server.port);
    evaluation = officialClient('evaluationV2', t.server.port);
  });
  afterAll(async () => {
    sync?.close();
    evaluation?.close();
    await t?.stop();
  });

  it('serves the environment\u2019s document to a server key sent as x-api-key, Bearer, or selector', async () => {
    for (const headers of [
      { 'x-api-key': serverKey },
      { authorization: `Bearer ${serverKey}` },
      { 'flagd-selector': `sdk-key:${serverKey}` },
    ]) {
      const fetched = await call(sync, 'FetchAllFlags', {}, headers);
      expect(fetched.error, JSON.stringify(headers)).toBeNull();
      const served = JSON.parse(fetched.response!.flag_configuration as string);
      expect(served.flags.checkout).toMatchObject({ state: 'ENABLED', defaultVariant: 'on' });
      if ('flagd-selector' in headers) {
        // Through the selector, flag-set metadata gains a scope (the provider would copy the key there otherwise).
        expect(served).toEqual({
          ...document,
          metadata: { ...document.metadata, scope: 'default/production' },
        });
      } else {
        expect(served).toEqual(document);
      }
    }
    // The request's own (deprecated) selector field, as older providers send it.
    const bodySelector = await call(sync, 'FetchAllFlags', { selector: `sdk-key:${serverKey}` });
    expect(bodySelector.error).toBeNull();
  });

  it('refuses a request without a key, naming both ways to send one', async () => {
    const answer = await call(sync, 'FetchAllFlags', {});
    expect(answer.error?.code).toBe(status.UNAUTHENTICATED);
    // grpc-js decodes grpc-message with decodeURI, which leaves reserved characters (":", ",") encoded.
    expect(decodeURIComponent(answer.error!.details)).toMatch(/x-api-key.*selector "sdk-key:<SDK key>"/);
    const stream = openStream(sync, 'SyncFlags', {});
    expect((await stream.ended)?.code).toBe(status.UNAUTHENTICATED);
    expect((await call(sync, 'GetMetadata', {})).error?.code).toBe(status.UNAUTHENTICATED);
    expect((await call(evaluation, 'ResolveBoolean', { flag_key: 'checkout' })).error?.code).toBe(
      status.UNAUTHENTICATED,
    );
  });

  it('refuses unknown keys and admin tokens as UNAUTHENTICATED', async () => {
    const unknown = await call(sync, 'FetchAllFlags', {}, { 'x-api-key': 'sy_server_not-a-real-key' });
    expect(unknown.error?.code).toBe(status.UNAUTHENTICATED);
    expect(unknown.error?.details).toBe('unknown or revoked SDK key');
    const admin = await call(
      evaluation,
      'ResolveBoolean',
      { flag_key: 'checkout' },
      { 'x-api-key': testAdminToken },
    );
    expect(admin.error?.code).toBe(status.UNAUTHENTICATED);
    expect(admin.error?.details).toMatch(/admin token/);
  });

  it('refuses a client key on sync with PERMISSION_DENIED, and lets it evaluate', async () => {
    for (const headers of [{ 'x-api-key': clientKey }, { 'flagd-selector': `sdk-key:${clientKey}` }]) {
      const fetched = await call(sync, 'FetchAllFlags', {}, headers);
      expect(fetched.error?.code).toBe(status.PERMISSION_DENIED);
      expect(fetched.error?.details).toMatch(/client SDK key.*needs a server key/);
      const stream = openStream(sync, 'SyncFlags', {}, headers);
      expect((await stream.ended)?.code).toBe(status.PERMISSION_DENIED);
      const evaluated = await call(evaluation, 'ResolveBoolean', { flag_key: 'checkout' }, headers);
      expect(evaluated.error).toBeNull();
      expect(evaluated.response).toMatchObject({ value: true, reason: 'STATIC', variant: 'on' });
    }
  });

  it('refuses selectors other than sdk-key:<key>, and two different keys, with INVALID_ARGUMENT', async () => {
    const other = await call(
      sync,
      'FetchAllFlags',
      {},
      { 'x-api-key': serverKey, 'flagd-selector': 'flagSetId=x' },
    );
    expect(other.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(decodeURIComponent(other.error!.details)).toMatch(/selector "flagSetId=x" is not supported/);
    const two = await call(
      sync,
      'FetchAllFlags',
      {},
      { 'x-api-key': serverKey, 'flagd-selector': `sdk-key:${clientKey}` },
    );
    expect(two.error?.code).toBe(status.INVALID_ARGUMENT);
    const same = await call(
      sync,
      'FetchAllFlags',
      {},
      { 'x-api-key': serverKey, 'flagd-selector': `sdk-key:${serverKey}` },
    );
    expect(same.error).toBeNull();
  });

  it('answers GetMetadata (deprecated by flagd, still called by Java and Python) with empty metadata', async () => {
    const answer = await call(sync, 'GetMetadata', {}, { 'x-api-key': serverKey });
    expect(answer.error).toBeNull();
    expect(answer.response).toHaveProperty('metadata');
    expect(answer.response?.metadata).not.toHaveProperty('fields.scope');
  });

  it('binds an EventStream opened without a key to the first key its connection shows', async () => {
    // The JS provider's RPC mode: EventStream without metadata, evaluations with the selector.
    const events = openStream(evaluation, 'EventStream', {});
    expect(await events.next()).toMatchObject({ type: 'provider_ready' });
    await t.api('PUT', '/api/v1/projects/default/environments/production/flags/checkout', {
      state: 'ENABLED',
      defaultVariant: 'off',
    });
    // Not bound yet: the change is not told.
    await expect(events.next(300)).rejects.toThrow(/no message/);
    const evaluated = await call(
      evaluation,
      'ResolveBoolean',
      { flag_key: 'checkout' },
      { 'flagd-selector': `sdk-key:${clientKey}` },
    );
    expect(evaluated.response).toMatchObject({ value: false, variant: 'off' });
    await t.api('PUT', '/api/v1/projects/default/environments/production/flags/checkout', {
      state: 'ENABLED',
      defaultVariant: 'on',
    });
    expect(await events.next()).toMatchObject({
      type: 'configuration_change',
      data: { fields: { flags: { structValue: { fields: { checkout: {} } } } } },
    });
    events.cancel();
  });
});
