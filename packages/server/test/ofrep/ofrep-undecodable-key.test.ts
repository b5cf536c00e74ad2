import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/start-server.js';

// A key that is not valid percent-encoding is refused in OFREP's failure shape, which OFREP clients
// can read, on both paths: the node:http fast path (HTTP) and Fastify's router (reached by inject).
const expected = {
  key: '%E0%A4%A',
  errorCode: 'GENERAL',
  errorDetails: 'the flag key in the path is not valid percent-encoding',
};

describe('OFREP single-flag evaluation with an undecodable flag key', () => {
  let server: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-ofrep-key-'));
  beforeAll(async () => {
    const file = join(dir, 'flags.json');
    writeFileSync(
      file,
      JSON.stringify({ flags: { on: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' } } }),
    );
    server = await startServer({ flagFiles: [file], port: 0, host: '127.0.0.1', logger: false });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 400 in OFREP shape over HTTP, and the connection stays usable', async () => {
    const post = (key: string) =>
      fetch(`${server.url}/ofrep/v1/evaluate/flags/${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"context":{}}',
      });
    const bad = await post('%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual(expected);
    expect((await post('on')).status).toBe(200);
  });

  it('answers the same through the Fastify router', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/ofrep/v1/evaluate/flags/%E0%A4%A',
      headers: { 'content-type': 'application/json' },
      payload: '{"context":{}}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expected);
  });
});
