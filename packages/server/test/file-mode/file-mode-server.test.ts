import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { openEventStream } from '../support/sse-reader.js';

// `switchyard serve --flags FILE` end to end: open SDK endpoints over loopback, reload on change.
const onOff = (defaultVariant: string) => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant,
});

let dir: string;
let file: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-file-server-'));
  file = join(dir, 'flags.yaml');
  await writeFile(
    file,
    'flags:\n  banner:\n    state: ENABLED\n    variants: { on: true, off: false }\n    defaultVariant: "on"\n',
  );
  server = await startServer({ flagFiles: [file], port: 0, host: '127.0.0.1', logger: false });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const evaluate = async (flag: string) => {
  const res = await fetch(`${server.url}/ofrep/v1/evaluate/flags/${flag}`, { method: 'POST', body: '{}' });
  return { status: res.status, body: await res.json() };
};

describe('file mode server', () => {
  it('serves OFREP, the flag set and the stream without keys, and pushes file changes', async () => {
    expect(await evaluate('banner')).toMatchObject({ status: 200, body: { value: true } });
    const flagset = await fetch(`${server.url}/sdk/v1/flagset`);
    expect(flagset.status).toBe(200);
    expect((await flagset.json()).flags.banner.defaultVariant).toBe('on');

    const stream = await openEventStream(`${server.url}/sdk/v1/stream`);
    const first = await stream.next();
    expect(first.event).toBe('flagset');

    await writeFile(file, JSON.stringify({ flags: { banner: onOff('off'), extra: onOff('on') } }));
    // The file keeps its .yaml name; JSON is valid YAML.
    let change = await stream.next(5000);
    while (change.event === 'comment') change = await stream.next(5000);
    expect(change.event).toBe('change');
    expect(Number(change.id)).toBeGreaterThan(Number(first.id));
    expect(JSON.parse(change.data).flags).toEqual({ banner: onOff('off'), extra: onOff('on') });
    expect(await evaluate('banner')).toMatchObject({ status: 200, body: { value: false } });
    stream.close();
  });

  it('has no admin API in file mode', async () => {
    expect((await fetch(`${server.url}/api/v1/projects`)).status).toBe(404);
  });
});
