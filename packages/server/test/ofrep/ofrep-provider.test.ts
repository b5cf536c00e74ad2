import { ErrorCode, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRef, type SdkTestServer, startSdkTestServer } from '../support/sdk-test-server.js';
import { ofrepFixture } from './fixtures.js';
import { ofrepClient } from './ofrep-provider-evaluator.js';

// The official server-side OFREP provider, unchanged, against the endpoint over loopback.
// 0.1.3 (with ofrep-core 0.1.4) is the newest version the registry offers; it predates ADR-0006
// and treats a success without `value` (DISABLED, code default) as an unexpected response, so
// those outcomes are checked with the web provider (ofrep-core 2.3) in ofrep-web-provider.test.ts.
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

describe('@openfeature/ofrep-provider against the OFREP endpoint', () => {
  it('resolves values, variants, reasons and metadata (key sent as Bearer)', async () => {
    const client = await ofrepClient(server.url, { Authorization: `Bearer ${key}` });
    const result = await client.getBooleanDetails('bool-flag', false);
    expect(result).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'STATIC',
      flagMetadata: { owner: 'payments', team: 'checkout', tier: 2 },
    });
    expect(result.errorCode).toBeUndefined();
    const targeted = await client.getStringDetails('targeted', 'x', {
      targetingKey: 'u',
      email: 'ada@example.com',
    });
    expect(targeted).toMatchObject({ value: 'blue', reason: 'TARGETING_MATCH' });
    expect(await client.getNumberValue('zero-flag', 5)).toBe(0);
  });

  it('reports FLAG_NOT_FOUND, PARSE_ERROR, GENERAL and a client-side TYPE_MISMATCH', async () => {
    const client = await ofrepClient(server.url, { 'X-API-Key': key });
    expect(await client.getBooleanDetails('nope', true)).toMatchObject({
      value: true,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    expect(await client.getBooleanDetails('broken-targeting', false)).toMatchObject({
      value: false,
      errorCode: ErrorCode.PARSE_ERROR,
    });
    expect(await client.getBooleanDetails('missing-variant', false)).toMatchObject({
      errorCode: ErrorCode.GENERAL,
    });
    expect(await client.getStringDetails('bool-flag', 'd')).toMatchObject({
      value: 'd',
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
  });

  it('answers with the default and an error when the key is wrong', async () => {
    const client = await ofrepClient(server.url, { 'X-API-Key': 'sy_client_wrong' });
    const result = await client.getBooleanDetails('bool-flag', false);
    expect(result.value).toBe(false);
    expect(result.reason).toBe('ERROR');
    expect(result.errorCode).toBe(ErrorCode.GENERAL);
  });
});
