import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/index.js';
import { entryJson, singleFlagReply } from '../../src/sdk/ofrep/ofrep-response.js';

describe('an OFREP entry whose value cannot be written as JSON', () => {
  it('is that flag\u2019s GENERAL error, never an exception', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const written = entryJson('deep', { value: { deep }, variant: 'a', reason: 'STATIC', flagMetadata: {} });
    expect(written.failed).toBe(true);
    expect(JSON.parse(written.text)).toMatchObject({ key: 'deep', errorCode: 'GENERAL' });
    const reply = singleFlagReply('deep', {
      value: { deep },
      variant: 'a',
      reason: 'STATIC',
      flagMetadata: {},
    });
    expect(reply.status).toBe(400);
  });
});

// Targeting that returns a context value deeper than JSON.stringify can write: the flag answers an
// error of its own, every other flag of a bulk answer is unaffected, and the server answers no 500.
describe('OFREP answers never throw', () => {
  let server: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-deep-'));
  beforeAll(async () => {
    const file = join(dir, 'flags.json');
    writeFileSync(
      file,
      `{"flags":{
        "echo":{"state":"ENABLED","variants":{"red":"red","blue":"blue"},"defaultVariant":"blue","targeting":{"var":"color"}},
        "plain":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}`,
    );
    server = await startServer({ flagFiles: [file], port: 0, host: '127.0.0.1', logger: false });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers targeting that returns a 10,000-deep context value with GENERAL, not 500', async () => {
    const context = `{"context":{"color":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const single = await post('/ofrep/v1/evaluate/flags/echo', context);
    expect(single.status).toBe(400);
    expect(await single.json()).toMatchObject({ key: 'echo', errorCode: 'GENERAL' });
    const bulk = await post('/ofrep/v1/evaluate/flags', context);
    expect(bulk.status).toBe(200);
    const flags = ((await bulk.json()) as { flags: { key: string; errorCode?: string; value?: unknown }[] })
      .flags;
    expect(flags.find((f) => f.key === 'echo')).toMatchObject({ errorCode: 'GENERAL' });
    expect(flags.find((f) => f.key === 'plain')).toMatchObject({ value: true });
  });
});
