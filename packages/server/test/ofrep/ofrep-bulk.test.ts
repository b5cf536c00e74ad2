import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRef, type SdkTestServer, startSdkTestServer } from '../support/sdk-test-server.js';
import { ofrepFixture, postJson } from './fixtures.js';

// The same expectations hold for the node:http fast path and for the Fastify routes behind it.
describe.each([
  ['fast path', true],
  ['Fastify routes', false],
])('%s', (mode, fastPath) => {
  let server: SdkTestServer;
  let key: string;
  const bulk = (
    body: unknown = { context: {} },
    headers: Record<string, string> = {},
    path = '/ofrep/v1/evaluate/flags',
  ) => postJson(`${server.url}${path}`, body, { 'x-api-key': key, ...headers });

  beforeAll(async () => {
    server = await startSdkTestServer({ fastPath });
    server.registry.publish(envRef('dev'), ofrepFixture, 1);
    key = server.addKey('dev', 'client');
  });
  afterAll(() => server.close());

  describe(`POST /ofrep/v1/evaluate/flags (${mode})`, () => {
    it('evaluates every flag, disabled and failing ones included, with flag-set metadata', async () => {
      const res = await bulk({ context: { targetingKey: 'u1', email: 'ada@example.com' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = res.json();
      expect(body.metadata).toEqual({ owner: 'payments' });
      const byKey = Object.fromEntries(body.flags.map((flag: { key: string }) => [flag.key, flag]));
      expect(Object.keys(byKey).sort()).toEqual(Object.keys(ofrepFixture.flags).sort());
      expect(byKey['bool-flag']).toEqual({
        key: 'bool-flag',
        value: true,
        reason: 'STATIC',
        variant: 'on',
        metadata: { owner: 'payments', team: 'checkout', tier: 2 },
      });
      expect(byKey.targeted).toMatchObject({ value: 'blue', reason: 'TARGETING_MATCH' });
      expect(byKey['disabled-flag']).toEqual({
        key: 'disabled-flag',
        reason: 'DISABLED',
        metadata: { owner: 'payments' },
      });
      expect(byKey['no-default']).toEqual({
        key: 'no-default',
        reason: 'DEFAULT',
        metadata: { owner: 'payments' },
      });
      expect(byKey['zero-flag']).toMatchObject({ value: 0 });
      expect(byKey['broken-targeting']).toMatchObject({ errorCode: 'PARSE_ERROR' });
      expect(byKey['missing-variant']).toMatchObject({ errorCode: 'GENERAL' });
    });

    it('points bulk clients at the refetch notification stream, with their key', async () => {
      const body = (await bulk()).json();
      expect(body.eventStreams).toEqual([
        {
          type: 'sse',
          endpoint: { requestUri: `/sdk/v1/ofrep-stream?key=${encodeURIComponent(key)}` },
          inactivityDelaySec: 120,
        },
      ]);
    });

    it('reuses an answer only for the same key and the same results', async () => {
      const context = { context: { targetingKey: 'u1', email: 'ada@example.com' } };
      const first = await bulk(context);
      const again = await bulk(context);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));

      // Another key of the same environment gets the same flags, but its own stream URL and ETag.
      const otherKey = server.addKey('dev', 'client');
      const other = await bulk(context, { 'x-api-key': otherKey });
      expect(other.json().flags).toEqual(first.json().flags);
      expect(other.json().eventStreams[0].endpoint.requestUri).toBe(
        `/sdk/v1/ofrep-stream?key=${encodeURIComponent(otherKey)}`,
      );
      expect(other.headers.get('etag')).not.toBe(first.headers.get('etag'));

      // A context that changes one flag's result changes the answer.
      const otherResult = await bulk({ context: { targetingKey: 'u1', email: 'bob@other.org' } });
      expect(otherResult.text).not.toBe(first.text);
      expect((await bulk(context)).text).toBe(first.text);
    });

    it('answers 304 without a body when If-None-Match matches, and 200 when context or config changed', async () => {
      const context = { context: { targetingKey: 'u1', email: 'ada@example.com' } };
      const first = await bulk(context);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);

      const again = await bulk(context, { 'if-none-match': etag! });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);

      // Same configuration, different context: the old ETag must not match.
      const otherContext = await bulk(
        { context: { targetingKey: 'u2', email: 'bob@example.com' } },
        { 'if-none-match': etag! },
      );
      expect(otherContext.status).toBe(200);
      expect(otherContext.headers.get('etag')).not.toBe(etag);

      const changed = structuredClone(ofrepFixture);
      changed.flags['bool-flag']!.defaultVariant = 'off';
      server.registry.publish(envRef('dev'), changed, 2);
      const afterChange = await bulk(context, { 'if-none-match': etag! });
      expect(afterChange.status).toBe(200);
      expect(afterChange.json().flags.find((flag: { key: string }) => flag.key === 'bool-flag').value).toBe(
        false,
      );
      server.registry.publish(envRef('dev'), ofrepFixture, 3);
    });

    it('accepts the trailing slash and the flagConfigEtag refetch hint', async () => {
      expect((await bulk({}, {}, '/ofrep/v1/evaluate/flags/')).status).toBe(200);
      expect(
        (await bulk({}, {}, '/ofrep/v1/evaluate/flags?flagConfigEtag=%22abc%22&flagConfigLastModified=1'))
          .status,
      ).toBe(200);
    });

    it('answers 400 INVALID_CONTEXT without a key for a malformed body, and 413 when oversized', async () => {
      const bad = await bulk('{"context": tru');
      expect(bad.status).toBe(400);
      expect(bad.json().errorCode).toBe('INVALID_CONTEXT');
      expect(bad.json().key).toBeUndefined();
      const big = await bulk({ context: { blob: 'x'.repeat(20_000) } });
      expect(big.status).toBe(413);
    });

    it('answers 401 without a valid key', async () => {
      expect((await postJson(`${server.url}/ofrep/v1/evaluate/flags`, {})).status).toBe(401);
    });
  });
});
