import { OpenFeature } from '@openfeature/web-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRef, type SdkTestServer, startSdkTestServer } from '../support/sdk-test-server.js';
import { ofrepFixture } from './fixtures.js';
import { ofrepWebClient } from './ofrep-web-provider-evaluator.js';

// The official OFREP web provider (bulk evaluation, ETag), unchanged, run in Node against the endpoint.
let server: SdkTestServer;
let key: string;

beforeAll(async () => {
  server = await startSdkTestServer();
  server.registry.publish(envRef('dev'), ofrepFixture, 1);
  key = server.addKey('dev', 'client');
});
afterAll(async () => {
  await OpenFeature.close();
  await server.close();
});

describe('@openfeature/ofrep-web-provider against the bulk OFREP endpoint', () => {
  it('resolves from the bulk evaluation, disabled flags and code defaults included', async () => {
    const client = await ofrepWebClient(
      server.url,
      { 'X-API-Key': key },
      { targetingKey: 'u', email: 'ada@example.com' },
    );
    expect(client.getBooleanDetails('bool-flag', false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'STATIC',
      flagMetadata: { owner: 'payments', team: 'checkout', tier: 2 },
    });
    expect(client.getStringDetails('targeted', 'x')).toMatchObject({
      value: 'blue',
      reason: 'TARGETING_MATCH',
    });
    expect(client.getBooleanDetails('disabled-flag', false)).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
    expect(client.getBooleanDetails('no-default', true)).toMatchObject({ value: true, reason: 'DEFAULT' });
    expect(client.getBooleanDetails('broken-targeting', false)).toMatchObject({ errorCode: 'PARSE_ERROR' });
    expect(client.getBooleanDetails('nope', true)).toMatchObject({
      value: true,
      errorCode: 'FLAG_NOT_FOUND',
    });
  });

  it('re-evaluates when the context changes', async () => {
    const client = await ofrepWebClient(
      server.url,
      { Authorization: `Bearer ${key}` },
      { email: 'bob@example.com' },
    );
    expect(client.getStringValue('targeted', 'x')).toBe('red');
    await OpenFeature.setContext(client.metadata.domain!, { email: 'ada@example.com' });
    expect(client.getStringValue('targeted', 'x')).toBe('blue');
  });

  it('fails to initialise with a wrong key (the endpoint answers 401)', async () => {
    const failure = await ofrepWebClient(server.url, { 'X-API-Key': 'sy_client_wrong' }).catch(
      (error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).cause)).toMatch(/OFREPApiUnauthorizedError/);
  });
});
