import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/start-server.js';
import { flagdSchemas, officialClient, openStream } from './official-grpc-client.js';

// Streams in a running server's life: a flag file's change pushed at once, counted as stream clients, and
// ended with UNAVAILABLE (which flagd providers retry) when the server shuts down.
describe.skipIf(flagdSchemas === null)('flagd streams and the server\u2019s life (file mode)', () => {
  let dir: string;
  let server: RunningServer;
  const file = () => join(dir, 'flags.json');
  const flags = (variant: string) =>
    JSON.stringify({
      flags: { banner: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: variant } },
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-flagd-life-'));
    await writeFile(file(), flags('off'));
    server = await startServer({ flagFiles: [file()], port: 0, host: '127.0.0.1', logger: false });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pushes a changed file to SyncFlags and EventStream clients, counts them, and ends them on shutdown', async () => {
    const sync = officialClient('sync', server.port);
    const evaluation = officialClient('evaluationV1', server.port);
    try {
      const documents = openStream(sync, 'SyncFlags', {});
      const events = openStream(evaluation, 'EventStream', {});
      expect(
        JSON.parse((await documents.next()).flag_configuration as string).flags.banner.defaultVariant,
      ).toBe('off');
      expect(await events.next()).toMatchObject({ type: 'provider_ready' });
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/switchyard_stream_clients\{[^}]*stream="flagd-sync"\} 1/);
      expect(metrics).toMatch(/switchyard_stream_clients\{[^}]*stream="flagd-events"\} 1/);

      await writeFile(file(), flags('on'));
      const pushed = await documents.next(10_000);
      expect(JSON.parse(pushed.flag_configuration as string).flags.banner.defaultVariant).toBe('on');
      expect(pushed).toHaveProperty('sync_context');
      expect(await events.next(10_000)).toMatchObject({ type: 'configuration_change' });

      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(2500);
      expect((await documents.ended)?.code).toBe(status.UNAVAILABLE);
      expect((await events.ended)?.code).toBe(status.UNAVAILABLE);
    } finally {
      sync.close();
      evaluation.close();
    }
  });
});
