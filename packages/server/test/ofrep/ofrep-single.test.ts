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
  const evaluate = (flag: string, body: unknown = { context: {} }, headers?: Record<string, string>) =>
    postJson(`${server.url}/ofrep/v1/evaluate/flags/${flag}`, body, headers ?? { 'x-api-key': key });

  beforeAll(async () => {
    server = await startSdkTestServer({ fastPath });
    server.registry.publish(envRef('dev'), ofrepFixture, 1);
    key = server.addKey('dev', 'server');
  });
  afterAll(() => server.close());

  describe(`POST /ofrep/v1/evaluate/flags/{key} (${mode})`, () => {
    it('answers a static flag with value, variant, reason and merged metadata', async () => {
      const res = await evaluate('bool-flag');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.json()).toEqual({
        key: 'bool-flag',
        value: true,
        reason: 'STATIC',
        variant: 'on',
        metadata: { owner: 'payments', team: 'checkout', tier: 2 },
      });
    });

    it('keeps zero values', async () => {
      expect((await evaluate('zero-flag')).json()).toMatchObject({
        value: 0,
        variant: 'zero',
        reason: 'STATIC',
      });
      expect((await evaluate('false-flag')).json()).toMatchObject({ value: false, variant: 'off' });
    });

    it('evaluates targeting against the request context', async () => {
      const hit = await evaluate('targeted', { context: { targetingKey: 'u1', email: 'ada@example.com' } });
      expect(hit.json()).toMatchObject({ value: 'blue', variant: 'blue', reason: 'TARGETING_MATCH' });
      const miss = await evaluate('targeted', { context: { targetingKey: 'u2', email: 'bob@example.com' } });
      expect(miss.json()).toMatchObject({ value: 'red', variant: 'red', reason: 'DEFAULT' });
    });

    it('omits value and variant for a disabled flag and for a code default', async () => {
      const disabled = await evaluate('disabled-flag');
      expect(disabled.status).toBe(200);
      expect(disabled.json()).toEqual({
        key: 'disabled-flag',
        reason: 'DISABLED',
        metadata: { owner: 'payments' },
      });
      const codeDefault = await evaluate('no-default');
      expect(codeDefault.status).toBe(200);
      expect(codeDefault.json()).toEqual({
        key: 'no-default',
        reason: 'DEFAULT',
        metadata: { owner: 'payments' },
      });
    });

    it('answers 404 FLAG_NOT_FOUND for an unknown flag', async () => {
      const res = await evaluate('nope');
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ key: 'nope', errorCode: 'FLAG_NOT_FOUND' });
      expect(typeof res.json().errorDetails).toBe('string');
    });

    it('answers 400 PARSE_ERROR for a flag with broken targeting, and 400 GENERAL for a missing variant', async () => {
      const broken = await evaluate('broken-targeting');
      expect(broken.status).toBe(400);
      expect(broken.json()).toMatchObject({ key: 'broken-targeting', errorCode: 'PARSE_ERROR' });
      expect(broken.json().metadata).toEqual({ owner: 'payments' });
      const missing = await evaluate('missing-variant');
      expect(missing.status).toBe(400);
      expect(missing.json()).toMatchObject({ key: 'missing-variant', errorCode: 'GENERAL' });
    });

    it('is lenient: no body, an empty object, no context, no targetingKey, any content type', async () => {
      for (const body of ['', '{}', '{"context":{}}', '{"context":null}', '{"context":{"email":"x"}}']) {
        const res = await evaluate('bool-flag', body);
        expect(res.status, body).toBe(200);
      }
      const plain = await fetch(`${server.url}/ofrep/v1/evaluate/flags/bool-flag`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'text/plain' },
        body: '{"context":{}}',
      });
      expect(plain.status).toBe(200);
      const bare = await fetch(`${server.url}/ofrep/v1/evaluate/flags/bool-flag`, {
        method: 'POST',
        headers: { 'x-api-key': key },
      });
      expect(bare.status).toBe(200);
    });

    it('answers 400 INVALID_CONTEXT naming the problem for a malformed body', async () => {
      const cases: Array<[string, RegExp]> = [
        ['{"context":', /not valid JSON/],
        ['[1,2]', /must be a JSON object/],
        ['"text"', /must be a JSON object/],
        ['{"context":5}', /\/context must be a JSON object/],
        ['{"context":[1]}', /\/context must be a JSON object/],
        ['{"context":{"targetingKey":42}}', /\/context\/targetingKey must be a string/],
      ];
      for (const [body, message] of cases) {
        const res = await evaluate('bool-flag', body);
        expect(res.status, body).toBe(400);
        expect(res.json(), body).toMatchObject({ key: 'bool-flag', errorCode: 'INVALID_CONTEXT' });
        expect(res.json().errorDetails, body).toMatch(message);
      }
    });

    it('does not let __proto__ in the context reach the evaluator as a prototype', async () => {
      const res = await evaluate('targeted', '{"context":{"__proto__":{"email":"ada@example.com"}}}');
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ value: 'red' });
    });

    it('answers 413 for an oversized body', async () => {
      const res = await evaluate('bool-flag', { context: { blob: 'x'.repeat(20_000) } });
      expect(res.status).toBe(413);
      expect(res.json()).toMatchObject({ errorCode: 'PAYLOAD_TOO_LARGE' });
    });

    it('requires an SDK key, in X-API-Key or Authorization: Bearer', async () => {
      expect((await evaluate('bool-flag', {}, {})).status).toBe(401);
      expect((await evaluate('bool-flag', {}, { 'x-api-key': 'sy_server_unknown' })).status).toBe(401);
      expect((await evaluate('bool-flag', {}, { authorization: 'Bearer sy_server_unknown' })).status).toBe(
        401,
      );
      expect((await evaluate('bool-flag', {}, { authorization: `Bearer ${key}` })).status).toBe(200);
      expect((await evaluate('bool-flag', {}, { authorization: `Basic ${key}` })).status).toBe(401);
    });

    it('accepts client keys, and a key only ever reads its own environment', async () => {
      server.registry.publish(
        envRef('prod'),
        { flags: { 'prod-only': ofrepFixture.flags['bool-flag']! } },
        1,
      );
      const client = server.addKey('prod', 'client');
      const own = await evaluate('prod-only', {}, { 'x-api-key': client });
      expect(own.status).toBe(200);
      expect((await evaluate('bool-flag', {}, { 'x-api-key': client })).status).toBe(404);
      expect((await evaluate('prod-only', {}, { 'x-api-key': key })).status).toBe(404);
    });

    it('refuses a revoked key', async () => {
      const temporary = server.addKey('dev', 'client');
      expect((await evaluate('bool-flag', {}, { 'x-api-key': temporary })).status).toBe(200);
      server.revokeKey(temporary);
      expect((await evaluate('bool-flag', {}, { 'x-api-key': temporary })).status).toBe(401);
    });

    it('answers a CORS preflight and marks responses readable from other origins', async () => {
      const preflight = await fetch(`${server.url}/ofrep/v1/evaluate/flags/bool-flag`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-api-key,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-API-Key/);
      const res = await evaluate('bool-flag', {}, { 'x-api-key': key, origin: 'http://app.example' });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    });
  });
});
