import type { Logger } from '@openfeature/web-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventsReporter, type EventsReporterOptions } from '../src/events/events-reporter.js';
import type { SdkEvent } from '../src/index.js';
import { type EventsReceiver, startEventsReceiver } from './support/events-receiver.js';

// The page's regular sends (fetch with X-API-Key) and how each answer is handled, over loopback
// with Node's fetch against a receiver playing the server's side.
const CLIENT_KEY = 'sy_client_delivery-test';
let receiver: EventsReceiver;

beforeAll(async () => {
  receiver = await startEventsReceiver('http://127.0.0.1:9');
});
afterEach(() => {
  receiver.posts.splice(0);
  receiver.answerWith((post) => ({
    status: 202,
    body: { accepted: (post.body as { events: unknown[] }).events.length, rejected: 0, errors: [] },
  }));
});
afterAll(async () => {
  await receiver.close();
});

function recordingLogger() {
  const lines: Record<'error' | 'warn' | 'info', string[]> = { error: [], warn: [], info: [] };
  const logger: Logger = {
    error: (message: unknown) => lines.error.push(String(message)),
    warn: (message: unknown) => lines.warn.push(String(message)),
    info: (message: unknown) => lines.info.push(String(message)),
    debug: () => {},
  };
  return { logger, lines };
}

function reporter(options: Partial<EventsReporterOptions> = {}, now = () => Date.now()) {
  const { logger, lines } = recordingLogger();
  const url = `${receiver.url}/sdk/v1/events`;
  const events = new EventsReporter(
    {
      endpoint: { url, clientKey: CLIENT_KEY, fetch: globalThis.fetch, timeoutMs: 2000 },
      beacon: { url: `${url}?key=${CLIENT_KEY}`, sendBeacon: undefined, fetch: globalThis.fetch },
      logger,
      now,
      // No timers: the test flushes.
      timers: { every: () => () => {}, soon: () => {} },
    },
    { batchSize: 100, flushIntervalMs: 10_000, queueLimit: 1000, ...options },
  );
  return { events, lines };
}

const track = (name: string): SdkEvent => ({ kind: 'track', name, targetingKey: 'visitor-1', timestamp: 1 });
const names = () =>
  receiver.posts.map((post) => (post.body as { events: { name: string }[] }).events.map((e) => e.name));

describe('events delivery from a page', () => {
  it('posts JSON with the client key in X-API-Key', async () => {
    const { events } = reporter();
    events.push(track('a'));
    await events.flush();
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': CLIENT_KEY,
    });
    expect(receiver.posts[0]!.query.has('key')).toBe(false);
    expect(events.status).toMatchObject({ state: 'active', pending: 0, dropped: 0 });
  });

  it('keeps events through an outage in a bounded queue, dropping the oldest, then sends them in order', async () => {
    const { events, lines } = reporter({ batchSize: 2, queueLimit: 3 });
    receiver.answerWith(() => ({ status: 503 }));
    for (const name of ['a', 'b', 'c', 'd']) events.push(track(name));
    await events.flush();
    await events.flush();
    expect(events.status).toMatchObject({
      pending: 3,
      dropped: 1,
      lastError: 'POST /sdk/v1/events answered HTTP 503',
    });
    receiver.answerWith((post) => ({
      status: 202,
      body: { accepted: (post.body as { events: [] }).events.length },
    }));
    await events.flush();
    expect(names().slice(-2)).toEqual([['b', 'c'], ['d']]);
    expect(events.status).toMatchObject({ pending: 0, dropped: 1, lastError: undefined });
    expect(lines.warn).toEqual([
      'switchyard: POST /sdk/v1/events answered HTTP 503; events kept for the next attempt',
    ]);
    expect(lines.info).toEqual(['switchyard: events delivered again']);
  });

  it('tries a 429 again at the next flush, or once the Retry-After it gives has passed', async () => {
    let now = 0;
    const { events } = reporter({}, () => now);
    receiver.answerWith(() => ({
      status: 429,
      body: { error: { code: 'RATE_LIMITED', message: 'slow down' } },
    }));
    events.push(track('a'));
    await events.flush();
    expect(events.status.lastError).toBe('POST /sdk/v1/events answered HTTP 429: RATE_LIMITED slow down');
    receiver.answerWith(() => ({ status: 429, headers: { 'retry-after': '30' } }));
    await events.flush();
    expect(receiver.posts).toHaveLength(2);
    now = 29_999;
    await events.flush();
    expect(receiver.posts).toHaveLength(2);
    expect(events.status.pending).toBe(1);
    now = 30_000;
    receiver.answerWith(() => ({ status: 202, body: { accepted: 1 } }));
    await events.flush();
    expect(names()).toEqual([['a'], ['a'], ['a']]);
    expect(events.status.pending).toBe(0);
  });

  it('drops a batch rejected as malformed, and logs what the server refused one by one', async () => {
    const { events, lines } = reporter();
    receiver.answerWith(() => ({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'events must be an array' } },
    }));
    events.push(track('a'));
    await events.flush();
    receiver.answerWith(() => ({
      status: 202,
      body: { accepted: 1, rejected: 1, errors: [{ index: 0, message: 'name is empty' }] },
    }));
    events.push(track('b'));
    events.push(track('c'));
    await events.flush();
    await events.flush();
    expect(receiver.posts).toHaveLength(2);
    expect(events.status).toMatchObject({ pending: 0, dropped: 2 });
    expect(lines.warn).toEqual([
      'switchyard: POST /sdk/v1/events answered HTTP 400: BAD_REQUEST events must be an array; 1 events dropped',
      'switchyard: the server refused 1 of 2 events (track "b": name is empty)',
    ]);
  });

  it.each([401, 403])('stops when the key is refused (%i), and queues nothing more', async (status) => {
    const { events, lines } = reporter({ batchSize: 1 });
    receiver.answerWith(() => ({ status }));
    events.push(track('a'));
    events.push(track('b'));
    await events.flush();
    events.push(track('c'));
    await events.flush();
    events.flushOnUnload();
    expect(receiver.posts).toHaveLength(1);
    expect(events.status).toMatchObject({ state: 'stopped', pending: 0, dropped: 2 });
    expect(lines.error).toEqual([expect.stringMatching(new RegExp(`HTTP ${status}; events stopped`))]);
  });

  it('sends what is queued when closed, waiting no longer than the timeout', async () => {
    const { events } = reporter();
    events.push(track('a'));
    await events.close(2000);
    expect(names()).toEqual([['a']]);
    const hanging = new EventsReporter(
      {
        endpoint: {
          url: 'http://unused',
          clientKey: CLIENT_KEY,
          fetch: () => new Promise(() => {}),
          timeoutMs: 60_000,
        },
        beacon: { url: 'http://unused', sendBeacon: undefined, fetch: globalThis.fetch },
        logger: recordingLogger().logger,
        now: Date.now,
        timers: { every: () => () => {}, soon: () => {} },
      },
      { batchSize: 100, flushIntervalMs: 10_000, queueLimit: 1000 },
    );
    hanging.push(track('b'));
    const started = Date.now();
    await hanging.close(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
