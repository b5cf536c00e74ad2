import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommittedChange } from '../../src/commands/change-unit.js';
import { type RunningServer, startServer } from '../../src/index.js';
import { changeMessage } from '../../src/replication/change-feed.js';
import { testAdminToken } from '../support/admin-client.js';
import { type EventStreamReader, openEventStream } from '../support/sse-reader.js';
import { type FreshDatabase, freshDatabase, storageTargets } from '../support/storage-targets.js';

const targets = (await storageTargets('change stream replica tests (PostgreSQL)')).filter(
  (t) => t === 'postgres',
);

describe.skipIf(targets.length === 0)('the change stream across two replicas', () => {
  let database: FreshDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let stream: EventStreamReader;
  const admin = { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const options = {
      port: 0,
      host: '127.0.0.1',
      db: database.location,
      adminToken: testAdminToken,
      logger: false,
    };
    a = await startServer({ ...options, dataDir: database.dir });
    b = await startServer({ ...options, dataDir: database.dir });
  });
  afterAll(async () => {
    stream?.close();
    await a?.close();
    await b?.close();
    await database?.cleanup();
  });

  it("delivers a change committed on one replica to the other replica's streams", async () => {
    stream = await openEventStream(`${b.url}/api/v1/changes`, { authorization: `Bearer ${testAdminToken}` });
    const created = await fetch(`${a.url}/api/v1/projects/default/flags`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ key: 'from-a', variants: { on: true, off: false } }),
    });
    expect(created.status).toBe(201);
    let event = await stream.next();
    while (event.event !== 'change') event = await stream.next();
    expect(JSON.parse(event.data)).toMatchObject({
      project: 'default',
      resource: 'flag',
      key: 'from-a',
      action: 'flag.create',
      actor: { name: 'SWITCHYARD_ADMIN_TOKEN' },
    });
  });
});

describe('the change message between replicas', () => {
  const change = (records: number): CommittedChange => ({
    at: '2026-01-01T00:00:00.000Z',
    action: 'flagset.import',
    actor: { id: 'admin-token:1', name: 'ci' },
    records: Array.from({ length: records }, (_, i) => ({
      action: 'flag.create',
      resourceType: 'flag',
      resource: `projects/shop/flags/flag-${i}`,
      projectKey: 'shop',
      flagKey: `flag-${i}`,
      before: null,
      after: { description: 'x'.repeat(500) },
    })),
    versions: [{ project: 'shop', environment: 'prod', version: 7 }],
  });
  const project = { id: 'p1', key: 'shop' };

  it('carries the audit records without their states', () => {
    const message = JSON.parse(changeMessage('origin', project, change(2)));
    expect(message.change.records).toHaveLength(2);
    expect(message.change.records[1]).toMatchObject({ resource: 'projects/shop/flags/flag-1', after: null });
    expect(message.change.versions).toEqual([{ project: 'shop', environment: 'prod', version: 7 }]);
  });

  it('sums up a change too large for one NOTIFY as a change of its project', () => {
    const text = changeMessage('origin', project, change(200));
    expect(Buffer.byteLength(text)).toBeLessThan(8000);
    const message = JSON.parse(text);
    expect(message.change.records).toEqual([
      {
        action: 'flagset.import',
        resourceType: 'project',
        resource: 'projects/shop',
        projectKey: 'shop',
        before: null,
        after: null,
      },
    ]);
    expect(message.project).toEqual(project);
  });
});
