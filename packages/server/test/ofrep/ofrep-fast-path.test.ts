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
  pauseMs = 0,
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
    if (pauseMs === 0) {
      for (const chunk of chunks) req.write(chunk);
      req.end();
      return;
    }
    // Headers first, then each chunk in a read of its own: the server must read it as a stream.
    req.flushHeaders();
    const writeFrom = (i: number): void => {
      if (i === chunks.length) {
        req.end();
        return;
      }
      setTimeout(() => {
        if (req.destroyed) return;
        req.write(chunks[i] as string | Buffer);
        writeFrom(i + 1);
      }, pauseMs);
    };
    writeFrom(0);
  });
}

describe('OFREP fast path', () => {
  const zoeBody = Buffer.from(JSON.stringify({ context: { name: 'Zoë 🚀' } }));
  const zoeCut = zoeBody.indexOf(Buffer.from('🚀')) + 2; // inside the 4-byte emoji
  const oversized = ['{"context":{"blob":"', 'x'.repeat(10_000), 'x'.repeat(10_000), '"}}'];

  // pause 0: the body comes with its headers; 30 ms: after them, each piece in a read of its own.
  for (const pauseMs of [0, 30]) {
    const how = pauseMs === 0 ? 'sent with its headers' : 'arriving in pieces after its headers';
    it(`reassembles a chunked body ${how}, multi-byte characters split across chunks included`, async () => {
      const res = await postChunked(
        '/ofrep/v1/evaluate/flags/name-flag',
        [zoeBody.subarray(0, zoeCut), zoeBody.subarray(zoeCut)],
        pauseMs,
      );
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ value: true, variant: 'yes', reason: 'TARGETING_MATCH' });
    });

    it(`answers 413 to a chunked body ${how} that grows past the limit, and closes the connection`, async () => {
      const res = await postChunked('/ofrep/v1/evaluate/flags/bool-flag', oversized, pauseMs);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ key: 'bool-flag', errorCode: 'PAYLOAD_TOO_LARGE' });
      expect(res.connection).toBe('close');
    });
  }

  it('takes an empty chunked body as an empty context', async () => {
    const res = await postChunked('/ofrep/v1/evaluate/flags/bool-flag', []);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ key: 'bool-flag', reason: 'STATIC' });
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
