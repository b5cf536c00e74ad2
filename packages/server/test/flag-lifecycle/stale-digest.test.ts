import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('stale flag digest tests (PostgreSQL)');
const project = '/api/v1/projects/default';
const DAY = 86_400_000;
const secret = 'digest-secret-0123456789';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers with the next status of `statuses` (then 204). */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses.shift() ?? 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/switchyard`,
    received,
    statuses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(targets)('the stale-flag digest webhook on %s', (target) => {
  let t: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const start = Date.parse('2026-03-02T08:00:00Z');
  let clock = start;
  const lifecycle = () => t.api('GET', `${project}/lifecycle`).then((a) => a.body);

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestServer(target, {
      now: () => new Date(clock),
      lifecycleIntervalMs: 20,
      digestRetryMs: 10,
    });
    for (const key of ['old-banner', 'kill-switch']) {
      const kind = key === 'kill-switch' ? 'operational' : 'release';
      expect(
        (
          await t.api('POST', `${project}/flags`, {
            key,
            kind,
            owner: 'web',
            variants: { on: true, off: false },
          })
        ).status,
      ).toBe(201);
    }
    const set = await t.api('PATCH', `${project}/lifecycle`, {
      stale: { notEvaluatedDays: 365 },
      digest: { url: receiver.url, secret, schedule: 'daily' },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.digest.dueAt).toBe(new Date(start + DAY).toISOString());
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.close();
  });

  it('sends nothing before it is due, then one signed digest, retrying a failed delivery', async () => {
    // Due a day after it was configured: the runner's rounds before then send nothing.
    clock = start + DAY - 1;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(0);
    // Due long ago (the server "was down"): one digest, not one per missed day.
    receiver.statuses.push(503);
    clock = start + 41 * DAY;
    await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBe(2);
    const [failed, delivered] = receiver.received;
    expect(failed!.headers['x-switchyard-delivery']).toBe(delivered!.headers['x-switchyard-delivery']);
    const body = delivered!.body;
    const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(delivered!.headers['x-switchyard-signature']).toBe(expected);
    expect(delivered!.headers['x-switchyard-event']).toBe('stale-flags.digest');
    expect(delivered!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(body)).toEqual({
      type: 'stale-flags.digest',
      project: 'default',
      generatedAt: new Date(clock).toISOString(),
      count: 1,
      flags: [
        {
          key: 'old-banner',
          name: 'old-banner',
          kind: 'release',
          owner: 'web',
          createdAt: new Date(start).toISOString(),
          reasons: [
            {
              code: 'past-expected-lifetime',
              message: expect.stringContaining('expected to live 40 days'),
              since: new Date(start + 40 * DAY).toISOString(),
            },
          ],
          href: '/api/v1/projects/default/flags/old-banner',
        },
      ],
    });
    await expect.poll(async () => (await lifecycle()).digest.lastSentAt).toBe(new Date(clock).toISOString());
    expect((await lifecycle()).digest).toMatchObject({
      lastError: null,
      dueAt: new Date(clock + DAY).toISOString(),
    });
    // Not again until the next day.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(2);
    clock += DAY;
    await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBe(3);
  });

  it('records a delivery that failed every attempt, and tries again on the next schedule', async () => {
    receiver.statuses.push(500, 500, 500);
    const before = receiver.received.length;
    clock += DAY;
    await expect.poll(async () => (await lifecycle()).digest.lastError, { timeout: 5000 }).toContain('500');
    expect(receiver.received.length - before).toBe(3);
    expect((await lifecycle()).digest.lastError).toContain('attempt 3 of 3');
    clock += DAY;
    await expect.poll(async () => (await lifecycle()).digest.lastError, { timeout: 5000 }).toBeNull();
    expect(receiver.received.length - before).toBe(4);
  });

  it('does not retry an answer that says the request itself is wrong', async () => {
    receiver.statuses.push(401);
    const before = receiver.received.length;
    clock += DAY;
    await expect.poll(async () => (await lifecycle()).digest.lastError, { timeout: 5000 }).toContain('401');
    expect(receiver.received.length - before).toBe(1);
  });
});
