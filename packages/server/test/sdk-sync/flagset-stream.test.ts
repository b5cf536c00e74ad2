import type { FlagSetDocument } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envRef, type SdkTestServer, startSdkTestServer } from '../support/sdk-test-server.js';
import { type EventStreamReader, openEventStream } from '../support/sse-reader.js';

const flag = (defaultVariant: 'on' | 'off') => ({
  state: 'ENABLED' as const,
  variants: { on: true, off: false },
  defaultVariant,
});
const doc = (flags: FlagSetDocument['flags'], extra: Partial<FlagSetDocument> = {}): FlagSetDocument => ({
  flags,
  ...extra,
});

let server: SdkTestServer;
let key: string;
const streams: EventStreamReader[] = [];
const connect = async (headers: Record<string, string> = {}, path = '/sdk/v1/stream') => {
  const stream = await openEventStream(`${server.url}${path}`, { 'x-api-key': key, ...headers });
  streams.push(stream);
  return stream;
};
const nextEvent = async (stream: EventStreamReader) => {
  for (;;) {
    const event = await stream.next();
    if (event.event !== 'comment') return event;
  }
};
const scrape = async () => (await fetch(`${server.url}/metrics`)).text();

beforeEach(async () => {
  server = await startSdkTestServer({ heartbeatMs: 100 });
  server.registry.publish(envRef('dev'), doc({ a: flag('on'), b: flag('on') }), 1);
  key = server.addKey('dev', 'server');
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await server.close();
});

describe('GET /sdk/v1/stream', () => {
  it('sends the whole flag set on connect, then each change as it is published', async () => {
    const stream = await connect();
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const first = await nextEvent(stream);
    expect(first.event).toBe('flagset');
    expect(first.id).toBe('1');
    expect(JSON.parse(first.data)).toEqual({
      version: 1,
      etag: server.registry.get('dev')?.etag,
      flagSet: doc({ a: flag('on'), b: flag('on') }),
    });

    server.registry.publish(envRef('dev'), doc({ a: flag('off'), c: flag('on') }), 2);
    const change = await nextEvent(stream);
    expect(change.event).toBe('change');
    expect(change.id).toBe('2');
    expect(JSON.parse(change.data)).toEqual({
      version: 2,
      previousVersion: 1,
      flags: { a: flag('off'), b: null, c: flag('on') },
    });

    // Evaluators changed: a delta cannot express it, the client gets the whole document.
    server.registry.publish(
      envRef('dev'),
      doc({ a: flag('off'), c: flag('on') }, { $evaluators: { x: true } }),
      3,
    );
    const full = await nextEvent(stream);
    expect(full.event).toBe('flagset');
    expect(full.id).toBe('3');
  });

  it('resumes from Last-Event-ID with only the missed changes', async () => {
    server.registry.publish(envRef('dev'), doc({ a: flag('off'), b: flag('on') }), 2);
    server.registry.publish(envRef('dev'), doc({ a: flag('off'), b: flag('off') }), 3);
    const stream = await connect({ 'last-event-id': '1' });
    const missed = [await nextEvent(stream), await nextEvent(stream)];
    expect(missed.map((event) => [event.event, event.id])).toEqual([
      ['change', '2'],
      ['change', '3'],
    ]);
    expect(JSON.parse(missed[1]!.data).flags).toEqual({ b: flag('off') });

    const upToDate = await connect({ 'last-event-id': '3' });
    server.registry.publish(envRef('dev'), doc({ a: flag('on'), b: flag('off') }), 4);
    const next = await nextEvent(upToDate);
    expect([next.event, next.id]).toEqual(['change', '4']);
  });

  it('sends the whole flag set when Last-Event-ID is unknown', async () => {
    for (const lastEventId of ['99', 'garbage', '0']) {
      const stream = await connect({ 'last-event-id': lastEventId });
      const event = await nextEvent(stream);
      expect(event.event, lastEventId).toBe('flagset');
    }
  });

  it('sends heartbeats', async () => {
    const stream = await connect();
    await nextEvent(stream);
    const heartbeat = await stream.next(2000);
    expect(heartbeat).toMatchObject({ event: 'comment', comment: 'heartbeat' });
  });

  it('ends the stream when the key is revoked or the environment removed', async () => {
    const revoked = await connect();
    await nextEvent(revoked);
    server.revokeKey(key);
    await revoked.ended;

    const other = server.addKey('dev', 'server');
    const removed = await connect({ 'x-api-key': other });
    await nextEvent(removed);
    server.registry.remove('dev');
    await removed.ended;
  });

  it('counts connected clients and forgets them on disconnect', async () => {
    const stream = await connect();
    await nextEvent(stream);
    expect(await scrape()).toContain(
      'switchyard_stream_clients{project="default",environment="dev",stream="sync"} 1',
    );
    stream.close();
    await expect
      .poll(scrape)
      .toContain('switchyard_stream_clients{project="default",environment="dev",stream="sync"} 0');
  });

  it('refuses client keys and missing keys', async () => {
    const client = server.addKey('dev', 'client');
    expect((await fetch(`${server.url}/sdk/v1/stream`, { headers: { 'x-api-key': client } })).status).toBe(
      403,
    );
    expect((await fetch(`${server.url}/sdk/v1/stream`)).status).toBe(401);
  });

  it('lets the server close while streams are open', async () => {
    const stream = await connect();
    await nextEvent(stream);
    await server.app.close();
    await stream.ended;
  });
});

describe('GET /sdk/v1/ofrep-stream (ADR-0008 refetch notifications)', () => {
  it('takes a client key in the query (EventSource cannot set headers) and notifies on every change', async () => {
    const client = server.addKey('dev', 'client');
    const stream = await openEventStream(
      `${server.url}/sdk/v1/ofrep-stream?key=${encodeURIComponent(client)}`,
    );
    streams.push(stream);
    expect(stream.status).toBe(200);
    server.registry.publish(envRef('dev'), doc({ a: flag('off') }), 2);
    const event = await nextEvent(stream);
    expect(event.event).toBe('message');
    expect(event.id).toBe('2');
    const data = JSON.parse(event.data);
    expect(data).toMatchObject({ type: 'refetchEvaluation', etag: server.registry.get('dev')?.etag });
    expect(Number.isInteger(data.lastModified)).toBe(true);
  });

  it('tells a reconnecting client that missed changes to refetch at once', async () => {
    server.registry.publish(envRef('dev'), doc({ a: flag('off') }), 2);
    const stale = await connect({ 'last-event-id': '1' }, '/sdk/v1/ofrep-stream');
    expect(JSON.parse((await nextEvent(stale)).data).type).toBe('refetchEvaluation');

    const current = await connect({ 'last-event-id': '2' }, '/sdk/v1/ofrep-stream');
    const heartbeat = await current.next(2000);
    expect(heartbeat.event).toBe('comment');
  });

  it('refuses a missing or unknown key', async () => {
    expect((await fetch(`${server.url}/sdk/v1/ofrep-stream`)).status).toBe(401);
    expect((await fetch(`${server.url}/sdk/v1/ofrep-stream?key=sy_client_nope`)).status).toBe(401);
  });
});
