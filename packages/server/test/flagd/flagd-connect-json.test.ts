import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationServiceV2 } from '../../src/sdk/flagd/schema/evaluation.js';
import { type RunningServer, startServer } from '../../src/start-server.js';

// flagd's evaluation services as a person with curl sees them: Connect's JSON over HTTP/1.1 (no gRPC
// client, no Connect-Protocol-Version header), answered as flagd answers (protojson with unpopulated fields
// written, int64 as a string; errors as Connect error codes with flagd's messages).
const flags = {
  metadata: { team: 'web' },
  flags: {
    'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    greeting: {
      state: 'ENABLED',
      variants: { hi: 'hi', bye: 'bye' },
      defaultVariant: 'hi',
      targeting: { if: [{ '==': [{ var: 'lang' }, 'en'] }, 'bye', null] },
      metadata: { owner: 'growth' },
    },
    limit: { state: 'ENABLED', variants: { low: 10, high: 2000 }, defaultVariant: 'low' },
    'fractional-limit': { state: 'ENABLED', variants: { most: -2.9 }, defaultVariant: 'most' },
    ratio: { state: 'ENABLED', variants: { half: 0.5 }, defaultVariant: 'half' },
    theme: { state: 'ENABLED', variants: { dark: { color: 'black', size: 2 } }, defaultVariant: 'dark' },
    list: { state: 'ENABLED', variants: { one: [1] }, defaultVariant: 'one' },
    paused: { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
    'no-default': { state: 'ENABLED', variants: { a: 'a' }, defaultVariant: null },
    broken: { state: 'ENABLED', variants: { a: 'a' }, defaultVariant: 'a', targeting: { nonsense: [1] } },
    'missing-variant': {
      state: 'ENABLED',
      variants: { a: 'a' },
      defaultVariant: 'a',
      targeting: { if: [true, 'b'] },
    },
  },
};

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-flagd-json-'));
  await writeFile(join(dir, 'flags.json'), JSON.stringify(flags));
  server = await startServer({
    flagFiles: [join(dir, 'flags.json')],
    port: 0,
    host: '127.0.0.1',
    logger: false,
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('flagd evaluation over Connect JSON (HTTP/1.1)', () => {
  it('answers each typed resolve as flagd does, in v2 and v1', async () => {
    for (const version of ['v1', 'v2']) {
      const base = `/flagd.evaluation.${version}.Service`;
      expect(await post(`${base}/ResolveBoolean`, { flagKey: 'new-checkout' })).toEqual({
        status: 200,
        body: { value: false, reason: 'STATIC', variant: 'off', metadata: { team: 'web' } },
      });
      expect(await post(`${base}/ResolveString`, { flagKey: 'greeting', context: { lang: 'en' } })).toEqual({
        status: 200,
        body: {
          value: 'bye',
          reason: 'TARGETING_MATCH',
          variant: 'bye',
          metadata: { team: 'web', owner: 'growth' },
        },
      });
      expect(
        (await post(`${base}/ResolveString`, { flagKey: 'greeting', context: { lang: 'fr' } })).body,
      ).toMatchObject({
        value: 'hi',
        reason: 'DEFAULT',
      });
      // int64 is a JSON string; a float variant is truncated, as flagd converts float64 to int64.
      expect((await post(`${base}/ResolveInt`, { flagKey: 'limit' })).body).toMatchObject({ value: '10' });
      expect((await post(`${base}/ResolveInt`, { flagKey: 'fractional-limit' })).body).toMatchObject({
        value: '-2',
      });
      expect((await post(`${base}/ResolveFloat`, { flagKey: 'ratio' })).body).toMatchObject({ value: 0.5 });
      expect((await post(`${base}/ResolveObject`, { flagKey: 'theme' })).body).toMatchObject({
        value: { color: 'black', size: 2 },
        variant: 'dark',
      });
    }
  });

  it('leaves value and variant out in v2 when the flag gives none; v1 has no presence and answers as old flagd', async () => {
    const v2 = '/flagd.evaluation.v2.Service';
    expect((await post(`${v2}/ResolveBoolean`, { flagKey: 'paused' })).body).toEqual({
      reason: 'DISABLED',
      metadata: { team: 'web' },
    });
    expect((await post(`${v2}/ResolveString`, { flagKey: 'no-default' })).body).toEqual({
      reason: 'DEFAULT',
      metadata: { team: 'web' },
    });
    const v1 = '/flagd.evaluation.v1.Service';
    expect((await post(`${v1}/ResolveBoolean`, { flagKey: 'paused' })).body).toEqual({
      value: false,
      reason: 'DISABLED',
      variant: '',
      metadata: { team: 'web' },
    });
    expect(await post(`${v1}/ResolveString`, { flagKey: 'no-default' })).toEqual({
      status: 404,
      body: { code: 'not_found', message: 'Flag not found' },
    });
  });

  it('answers evaluation errors with the status flagd uses for each OpenFeature error code', async () => {
    const v2 = '/flagd.evaluation.v2.Service';
    expect(await post(`${v2}/ResolveBoolean`, { flagKey: 'nope' })).toEqual({
      status: 404,
      body: { code: 'not_found', message: 'Flag not found' },
    });
    expect(await post(`${v2}/ResolveString`, { flagKey: 'new-checkout' })).toEqual({
      status: 400,
      body: { code: 'invalid_argument', message: 'Type mismatch error' },
    });
    expect(await post(`${v2}/ResolveObject`, { flagKey: 'list' })).toEqual({
      status: 400,
      body: { code: 'invalid_argument', message: 'Type mismatch error' },
    });
    expect(await post(`${v2}/ResolveString`, { flagKey: 'broken' })).toEqual({
      status: 500,
      body: { code: 'data_loss', message: 'Error parsing input or configuration' },
    });
    expect(await post(`${v2}/ResolveString`, { flagKey: 'missing-variant' })).toEqual({
      status: 500,
      body: { code: 'unknown', message: 'General error' },
    });
  });

  it('answers ResolveAll (v1) with every flag typed by its default variant, as flagd does', async () => {
    const { status, body } = await post('/flagd.evaluation.v1.Service/ResolveAll', {
      context: { lang: 'en' },
    });
    expect(status).toBe(200);
    const all = body as { flags: Record<string, unknown>; metadata: unknown };
    expect(all.metadata).toEqual({ team: 'web' });
    expect(all.flags['new-checkout']).toEqual({
      reason: 'STATIC',
      variant: 'off',
      boolValue: false,
      metadata: { team: 'web' },
    });
    expect(all.flags.greeting).toMatchObject({
      reason: 'TARGETING_MATCH',
      variant: 'bye',
      stringValue: 'bye',
    });
    expect(all.flags.limit).toMatchObject({ doubleValue: 10 });
    expect(all.flags.theme).toMatchObject({ objectValue: { color: 'black', size: 2 } });
    expect(all.flags.paused).toEqual({
      reason: 'DISABLED',
      variant: '',
      boolValue: false,
      metadata: { team: 'web' },
    });
    expect(all.flags.broken).toEqual({
      reason: 'ERROR',
      variant: '',
      stringValue: '',
      metadata: { team: 'web' },
    });
    // No default variant, or a default that is neither boolean, string, number nor object: left out.
    expect(Object.keys(all.flags)).not.toContain('no-default');
    expect(Object.keys(all.flags)).not.toContain('list');
  });

  it('works with curl itself', async (context) => {
    const run = promisify(execFile);
    let output: string;
    try {
      ({ stdout: output } = await run('curl', [
        '-sS',
        '-X',
        'POST',
        `${server.url}/flagd.evaluation.v1.Service/ResolveBoolean`,
        '-H',
        'Content-Type: application/json',
        '-d',
        '{"flagKey":"new-checkout","context":{"targetingKey":"u1"}}',
      ]));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return context.skip('curl is not installed');
      throw error;
    }
    expect(JSON.parse(output)).toEqual({
      value: false,
      reason: 'STATIC',
      variant: 'off',
      metadata: { team: 'web' },
    });
  });

  it('answers browsers from other origins (CORS), with the preflight the Connect protocol needs', async () => {
    const preflight = await fetch(`${server.url}/flagd.evaluation.v1.Service/ResolveAll`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, connect-protocol-version, x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const allowed = preflight.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const header of ['content-type', 'connect-protocol-version', 'x-api-key'])
      expect(allowed).toContain(header);
    const call = await fetch(`${server.url}/flagd.evaluation.v1.Service/ResolveAll`, {
      method: 'POST',
      headers: { origin: 'https://app.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe('*');
    expect(call.headers.get('access-control-expose-headers')).toContain('Grpc-Status');
  });

  it('speaks gRPC-Web over HTTP/1.1 too', async () => {
    const client = createClient(
      EvaluationServiceV2,
      createGrpcWebTransport({ baseUrl: server.url, httpVersion: '1.1' }),
    );
    expect(await client.resolveInt({ flagKey: 'limit' })).toMatchObject({
      value: 10n,
      reason: 'STATIC',
      variant: 'low',
    });
  });
});
