import net from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { FlagSetRegistry } from '../../src/flag-sets/flag-set-registry.js';
import { ChangeFeed } from '../../src/replication/change-feed.js';
import { openStorage, request, type StorageFixture, stores } from '../support/storage-fixture.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = (await storageTargets('change feed tests (PostgreSQL)')).filter((t) => t === 'postgres');

/**
 * A loopback TCP proxy in front of PostgreSQL that turns the feed's `listen` into `lixten` (same
 * length, so the message stays well-formed): the server answers a syntax error and keeps the
 * connection, exactly as when LISTEN itself fails. Counts the client connections still open.
 */
async function listenBreakingProxy(
  target: URL,
): Promise<{ url: string; open(): number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    client.on('data', (chunk) =>
      upstream.write(Buffer.from(chunk.toString('latin1').replace('listen "', 'lixten "'), 'latin1')),
    );
    upstream.pipe(client);
    const end = () => {
      sockets.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    open: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.skipIf(targets.length === 0)('the PostgreSQL change feed', () => {
  let fixture: StorageFixture;
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await fixture?.close();
  });

  it('ends its connection when LISTEN fails, so retries leak none', async () => {
    fixture = await openStorage('postgres');
    const proxy = await listenBreakingProxy(new URL(fixture.database.location));
    closers.push(() => proxy.close());
    const feed = new ChangeFeed({
      url: proxy.url,
      db: fixture.handle.db,
      registry: new FlagSetRegistry(),
      documents: fixture.services.documents,
      sdkKeys: fixture.sdkKeys,
    });
    closers.push(() => feed.close());
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(feed.start()).rejects.toThrow(/syntax error/);
    }
    // The proxy sees a client disconnect shortly after pg's end().
    for (let i = 0; i < 100 && proxy.open() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(proxy.open()).toBe(0);
  });

  it('keeps an environment this replica creates while a refresh of its project is reading', async () => {
    fixture = await openStorage('postgres');
    await fixture.services.commands.execute({
      command: {
        action: 'project.create',
        target: {},
        payload: { key: 'p', environments: [{ key: 'dev' }] },
      },
      actor: request.actor,
      requestId: 'setup',
    });
    const project = (await stores.projects(fixture.handle.db).find('p'))!;
    const registry = new FlagSetRegistry();
    await fixture.services.documents.publishAll(fixture.handle.db, registry);
    const feed = new ChangeFeed({
      url: fixture.database.location,
      db: fixture.handle.db,
      registry,
      documents: fixture.services.documents,
      sdkKeys: fixture.sdkKeys,
    });
    closers.push(() => feed.close());
    await feed.start();

    // Hold the refresh back right after it read the environments: the configurations are locked.
    const blocker = new pg.Client({ connectionString: fixture.database.location });
    await blocker.connect();
    closers.push(() => blocker.end());
    await blocker.query('begin');
    await blocker.query('lock table flag_configs in access exclusive mode');
    const announcer = new pg.Client({ connectionString: fixture.database.location });
    await announcer.connect();
    closers.push(() => announcer.end());
    await announcer.query(`select pg_notify('switchyard_changes_' || md5(current_schema()), $1)`, [
      JSON.stringify({ origin: 'another-replica', project: { id: project.id, key: 'p' } }),
    ]);
    const self = (await blocker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    for (let i = 0; ; i++) {
      const { rows } = await announcer.query(
        'select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
        [self],
      );
      if (rows.length > 0) break;
      if (i > 400) throw new Error('the refresh never reached the flag configurations');
      await new Promise((r) => setTimeout(r, 10));
    }
    // Meanwhile this replica commits a new environment of the project and publishes it.
    registry.publish(
      { environmentId: 'created-meanwhile', projectKey: 'p', environmentKey: 'qa' },
      { flags: {} },
      1,
    );
    await blocker.query('commit');
    // The refresh has finished once the feed's queue is idle: closing waits for it.
    await feed.close();
    expect(registry.get('created-meanwhile')).toBeDefined();
    const dev = (await stores.environments(fixture.handle.db).find(project.id, 'dev'))!;
    expect(registry.get(dev.id)).toBeDefined();
  });
});
