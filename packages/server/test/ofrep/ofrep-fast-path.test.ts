import { createServer, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFastPath } from '../../src/sdk/ofrep/ofrep-fast-path.js';
import { envRef, type SdkTestServer, startSdkTestServer } from '../support/sdk-test-server.js';
import { ofrepFixture, postJson } from './fixtures.js';

let server: SdkTestServer;
beforeAll(async () => {
  server = await startSdkTestServer({ open: true });
  const nameFlag = {
    state: 'ENABLED' as const,
    variants: { yes: true, no: false },
    defaultVariant: 'no',
    targeting: { if: [{ '==': [{ var: 'name' }, 'Zoë 🚀'] }, 'yes', null] },
  };
  server.registry.publish(
    envRef('file'),
    { ...ofrepFixture, flags: { ...ofrepFixture.flags, 'name-flag': nameFlag } },
    1,
  );
});
afterAll(() => server.close());

/** POSTs a body in chunks without Content-Length (chunked transfer encoding). */
function postChunked(
  path: string,
  chunks: Array<string | Buffer>,
): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (error) => (error.message.includes('EPIPE') ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('OFREP fast path', () => {
  it('reassembles a chunked body, multi-byte characters split across chunks included', async () => {
    const body = Buffer.from(JSON.stringify({ context: { name: 'Zoë 🚀' } }));
    const cut = body.indexOf(Buffer.from('🚀')) + 2; // inside the 4-byte emoji
    const res = await postChunked('/ofrep/v1/evaluate/flags/name-flag', [
      body.subarray(0, cut),
      body.subarray(cut),
    ]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ value: true, variant: 'yes', reason: 'TARGETING_MATCH' });
  });

  it('answers 413 to a streamed body that grows past the limit, and closes the connection', async () => {
    const res = await postChunked('/ofrep/v1/evaluate/flags/bool-flag', [
      '{"context":{"blob":"',
      'x'.repeat(10_000),
      'x'.repeat(10_000),
      '"}}',
    ]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ key: 'bool-flag', errorCode: 'PAYLOAD_TOO_LARGE' });
    expect(res.connection).toBe('close');
  });

  it('leaves other methods and paths to Fastify', async () => {
    expect((await fetch(`${server.url}/ofrep/v1/evaluate/flags/bool-flag`)).status).toBe(404);
    expect((await postJson(`${server.url}/ofrep/v1/evaluate/flags/a/b`, {})).status).toBe(404);
    expect((await postJson(`${server.url}/ofrep/v1/evaluate/flags/bool-flag?x=1`, {})).status).toBe(200);
    expect(
      (await postJson(`${server.url}/ofrep/v1/evaluate/flags/${encodeURIComponent('bool-flag')}`, {})).status,
    ).toBe(200);
  });

  it('records request durations under the same route labels as Fastify', async () => {
    await postJson(`${server.url}/ofrep/v1/evaluate/flags/bool-flag`, {});
    const text = server.metrics.render([]);
    expect(text).toMatch(
      /switchyard_http_request_duration_seconds_count\{method="POST",route="\/ofrep\/v1\/evaluate\/flags\/:key",status_code="200"\} \d+/,
    );
  });

  it('does not install over a server with several request listeners', () => {
    const other = createServer(() => {});
    other.on('request', () => {});
    expect(installFastPath(other, () => true)).toBe(false);
    expect(other.listeners('request')).toHaveLength(2);
  });
});
