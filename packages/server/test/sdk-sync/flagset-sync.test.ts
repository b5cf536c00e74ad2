import type { FlagSetDocument } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRef, type SdkTestServer, startSdkTestServer } from '../support/sdk-test-server.js';

let server: SdkTestServer;
const document: FlagSetDocument = {
  flags: {
    greeting: {
      state: 'ENABLED',
      variants: { hi: 'hi', hey: 'hey' },
      defaultVariant: 'hi',
      targeting: { if: [{ in: ['@example.com', { var: 'email' }] }, 'hey', null] },
    },
  },
  $evaluators: { staff: { in: ['@example.com', { var: 'email' }] } },
};

beforeAll(async () => {
  server = await startSdkTestServer();
  server.registry.publish(envRef('dev'), document, 7);
});
afterAll(() => server.close());

const get = (headers: Record<string, string>) => fetch(`${server.url}/sdk/v1/flagset`, { headers });

describe('GET /sdk/v1/flagset', () => {
  it('answers the environment as a flagd document, targeting included, with an ETag', async () => {
    const key = server.addKey('dev', 'server');
    const res = await get({ authorization: `Bearer ${key}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-switchyard-version')).toBe('7');
    expect(await res.json()).toEqual(document);
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(server.registry.get('dev')?.etag);

    const cached = await get({ 'x-api-key': key, 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
  });

  it('answers 200 with a new ETag after a change', async () => {
    const key = server.addKey('dev', 'server');
    const before = (await get({ 'x-api-key': key })).headers.get('etag')!;
    const changed = structuredClone(document);
    changed.flags.greeting!.defaultVariant = 'hey';
    server.registry.publish(envRef('dev'), changed, 8);
    const after = await get({ 'x-api-key': key, 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
    expect(((await after.json()) as FlagSetDocument).flags.greeting?.defaultVariant).toBe('hey');
  });

  it('refuses client keys (they never see targeting rules) and missing keys', async () => {
    const client = server.addKey('dev', 'client');
    const res = await get({ 'x-api-key': client });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ errorCode: 'FORBIDDEN' });
    expect((await get({})).status).toBe(401);
  });

  it('answers 503 while the environment of a valid key has no flag set loaded', async () => {
    const key = server.addKey('not-loaded', 'server');
    expect((await get({ 'x-api-key': key })).status).toBe(503);
  });
});
