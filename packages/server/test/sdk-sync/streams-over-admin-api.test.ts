import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { type EventStreamReader, openEventStream, type ReceivedEvent } from '../support/sse-reader.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const keys = '/api/v1/projects/default/environments/production/sdk-keys';

async function nextEvent(stream: EventStreamReader, timeoutMs = 5000): Promise<ReceivedEvent> {
  for (;;) {
    const event = await stream.next(timeoutMs);
    if (event.event !== 'comment') return event;
  }
}

describe.each(targets)('change streams driven through the admin API on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  it('ends a revoked key\u2019s open streams the moment it is revoked, before any further change reaches them', async () => {
    const created = await t.api('POST', keys, { name: 'doomed', kind: 'server' });
    const stream = await openEventStream(`${t.server.url}/sdk/v1/stream`, { 'x-api-key': created.body.key });
    expect((await nextEvent(stream)).event).toBe('flagset');
    const ofrep = await openEventStream(`${t.server.url}/sdk/v1/ofrep-stream?key=${created.body.key}`);
    expect(ofrep.status).toBe(200);

    const started = Date.now();
    expect((await t.api('DELETE', `${keys}/${created.body.id}`)).status).toBe(200);
    // The heartbeat is 15 s: ending well before it proves the revocation itself ended the streams.
    await Promise.race([
      Promise.all([stream.ended, ofrep.ended]),
      new Promise((_, reject) => setTimeout(() => reject(new Error('streams still open')), 3000)),
    ]);
    expect(Date.now() - started).toBeLessThan(3000);
    // A change after the revocation never reached the closed stream (it has nothing queued).
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'after-revocation',
      variants: { on: true, off: false },
    });
    await expect(stream.next(300)).rejects.toThrow();
  });

  it('tells SDKs about a removed flag named like an Object.prototype member', async () => {
    const created = await t.api('POST', keys, { name: 'watcher', kind: 'server' });
    const stream = await openEventStream(`${t.server.url}/sdk/v1/stream`, { 'x-api-key': created.body.key });
    try {
      expect((await nextEvent(stream)).event).toBe('flagset');
      for (const key of ['constructor', 'tostring', 'hasownproperty']) {
        expect(
          (await t.api('POST', '/api/v1/projects/default/flags', { key, variants: { on: true, off: false } }))
            .status,
        ).toBe(201);
        const added = JSON.parse((await nextEvent(stream)).data);
        expect(Object.hasOwn(added.flags, key)).toBe(true);
        expect(added.flags[key]).toMatchObject({ state: 'DISABLED', defaultVariant: 'off' });
        expect((await t.api('DELETE', `/api/v1/projects/default/flags/${key}`)).status).toBe(204);
        const removed = JSON.parse((await nextEvent(stream)).data);
        expect(removed.flags).toEqual({ [key]: null });
      }
    } finally {
      stream.close();
    }
  });
});
