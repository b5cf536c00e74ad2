import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { type EventStreamReader, openEventStream, type ReceivedEvent } from '../support/sse-reader.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('change stream tests (PostgreSQL)');
const heartbeatMs = 300;

describe.each(targets)('GET /api/v1/changes on %s', (target) => {
  let t: TestServer;
  let shopViewer: string;
  let editor: string;
  const streams: EventStreamReader[] = [];

  const open = async (headers: Record<string, string>) => {
    const stream = await openEventStream(`${t.server.url}/api/v1/changes`, headers);
    streams.push(stream);
    return stream;
  };
  /** The next `change` event, skipping heartbeats. */
  const nextChange = async (stream: EventStreamReader, timeoutMs = 5000) => {
    for (;;) {
      const event: ReceivedEvent = await stream.next(timeoutMs);
      if (event.event === 'change') return JSON.parse(event.data);
    }
  };
  const createFlag = (project: string, key: string) =>
    t.api(
      'POST',
      `/api/v1/projects/${project}/flags`,
      { key, variants: { on: true, off: false } },
      { token: editor },
    );

  beforeAll(async () => {
    t = await startTestServer(target, { changeStreamHeartbeatMs: heartbeatMs });
    for (const key of ['shop', 'blog']) {
      await t.api('POST', '/api/v1/projects', { key, environments: [{ key: 'prod' }] });
    }
    shopViewer = (
      await t.api('POST', '/api/v1/admin-tokens', { name: 'shop reader', role: 'viewer', projects: ['shop'] })
    ).body.token;
    editor = (await t.api('POST', '/api/v1/admin-tokens', { name: 'ed', role: 'editor' })).body.token;
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t?.stop();
  });

  it("delivers another token's committed change, and only the projects the caller reads", async () => {
    const stream = await open({ authorization: `Bearer ${shopViewer}` });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await createFlag('blog', 'hidden');
    await createFlag('shop', 'checkout');
    const first = await nextChange(stream);
    expect(first).toMatchObject({
      project: 'shop',
      resource: 'flag',
      key: 'checkout',
      flag: 'checkout',
      path: 'projects/shop/flags/checkout',
      action: 'flag.create',
      actor: { name: 'ed' },
    });
    expect(Date.parse(first.at)).toBeGreaterThan(Date.now() - 60_000);
    // A configuration change names its environment and the flag set's new version.
    const config = await t.api(
      'PUT',
      '/api/v1/projects/shop/environments/prod/flags/checkout',
      { state: 'ENABLED', defaultVariant: 'on' },
      { token: editor },
    );
    expect(config.status).toBe(200);
    const configured = await nextChange(stream);
    const environment = await t.api('GET', '/api/v1/projects/shop/environments/prod');
    expect(configured).toMatchObject({
      project: 'shop',
      environment: 'prod',
      resource: 'flag-config',
      key: 'checkout',
      action: 'flag-config.update',
      version: environment.body.version,
    });
  });

  it('sends heartbeat comments', async () => {
    const stream = await open({ authorization: `Bearer ${shopViewer}` });
    const event = await stream.next(heartbeatMs * 5);
    expect(event).toMatchObject({ event: 'comment', comment: 'heartbeat' });
  });

  it('keeps SDK keys and admin tokens to admins, and shows an admin everything', async () => {
    const viewerStream = await open({ authorization: `Bearer ${shopViewer}` });
    const adminStream = await open({
      authorization: `Bearer ${(await t.api('POST', '/api/v1/admin-tokens', { name: 'root', role: 'admin' })).body.token}`,
    });
    await t.api('POST', '/api/v1/projects/shop/environments/prod/sdk-keys', {
      name: 'backend',
      kind: 'server',
    });
    await t.api('POST', '/api/v1/admin-tokens', { name: 'another', role: 'viewer' });
    await createFlag('blog', 'seen-by-admin');
    await createFlag('shop', 'marker');
    expect((await nextChange(adminStream)).resource).toBe('sdk-key');
    const token = await nextChange(adminStream);
    expect(token).toMatchObject({ project: null, resource: 'admin-token', action: 'admin-token.create' });
    expect(JSON.stringify(token)).not.toContain('sy_admin_');
    expect((await nextChange(adminStream)).key).toBe('seen-by-admin');
    expect((await nextChange(adminStream)).key).toBe('marker');
    expect((await nextChange(viewerStream)).key).toBe('marker');
  });

  it('works with a dashboard session cookie', async () => {
    const signIn = await t.api('POST', '/api/v1/sessions', { token: shopViewer }, { token: null });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const stream = await open({ cookie });
    expect(stream.status).toBe(200);
    await createFlag('shop', 'by-cookie');
    expect((await nextChange(stream)).key).toBe('by-cookie');
    // Signing out ends the stream within a heartbeat.
    await t.api('DELETE', '/api/v1/sessions/current', undefined, {
      token: null,
      headers: { cookie, 'x-csrf-token': signIn.body.csrfToken },
    });
    await expect(Promise.race([stream.ended.then(() => 'ended'), delay(heartbeatMs * 6)])).resolves.toBe(
      'ended',
    );
  });

  it('ends the stream the moment its token is revoked', async () => {
    const created = await t.api('POST', '/api/v1/admin-tokens', { name: 'short-lived', role: 'viewer' });
    const stream = await open({ authorization: `Bearer ${created.body.token}` });
    expect((await t.api('DELETE', `/api/v1/admin-tokens/${created.body.id}`)).status).toBe(200);
    await createFlag('shop', 'after-revoke');
    await stream.ended;
    const rest: ReceivedEvent[] = [];
    for (;;) {
      const event = await stream.next(50).catch(() => undefined);
      if (!event) break;
      rest.push(event);
    }
    expect(rest.filter((e) => e.event === 'change').map((e) => JSON.parse(e.data).key)).not.toContain(
      'after-revoke',
    );
  });

  it('refuses missing credentials and tokens limited to actions', async () => {
    const none = await open({});
    expect(none.status).toBe(401);
    const limited = (
      await t.api('POST', '/api/v1/admin-tokens', { name: 'alerts', role: 'editor', actions: ['flag.kill'] })
    ).body.token;
    const refused = await open({ authorization: `Bearer ${limited}` });
    expect(refused.status).toBe(403);
  });
});

describe('the change stream at shutdown', () => {
  it('ends open streams when the server closes, telling clients when to reconnect', async () => {
    const t = await startTestServer('sqlite');
    const stream = await openEventStream(`${t.server.url}/api/v1/changes`, {
      authorization: `Bearer ${(await t.api('POST', '/api/v1/admin-tokens', { name: 'r', role: 'viewer' })).body.token}`,
    });
    expect(stream.status).toBe(200);
    const started = Date.now();
    await t.stop();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(1500);
    const events: ReceivedEvent[] = [];
    for (;;) {
      const event = await stream.next(100).catch(() => undefined);
      if (!event) break;
      events.push(event);
    }
    expect(events.at(-1)).toMatchObject({ comment: 'server shutting down, reconnect' });
  });
});

function delay(ms: number): Promise<string> {
  return new Promise((resolve) => setTimeout(() => resolve('timed out'), ms));
}
