import type { IncomingMessage } from 'node:http';
import type { HandlerContext } from '@connectrpc/connect';
import { Code, ConnectError } from '@connectrpc/connect';
import { FlagSet, type ResolutionDetails } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { FlagSetRegistry } from '../../src/flag-sets/flag-set-registry.js';
import { ConnectionGrants, connectionContext } from '../../src/sdk/flagd/connection-grants.js';
import { configurationChange, keepAlive, mergeEvents } from '../../src/sdk/flagd/flag-change-events.js';
import type { FlagdGrant } from '../../src/sdk/flagd/flagd-access.js';
import { presentedCredentials } from '../../src/sdk/flagd/flagd-credentials.js';
import { StreamFeed } from '../../src/sdk/flagd/stream-feed.js';
import { typedAnswer } from '../../src/sdk/flagd/typed-resolution.js';

describe('typed answers (flagd core/pkg/evaluator and flag-evaluation services)', () => {
  const flags = FlagSet.parse({
    flags: {
      big: { state: 'ENABLED', variants: { x: 1e30 }, defaultVariant: 'x' },
      frac: { state: 'ENABLED', variants: { x: 7.99 }, defaultVariant: 'x' },
      obj: { state: 'ENABLED', variants: { x: { a: 1 } }, defaultVariant: 'x' },
      arr: { state: 'ENABLED', variants: { x: [1] }, defaultVariant: 'x' },
      off: { state: 'DISABLED', variants: { x: 'x' }, defaultVariant: 'x' },
      none: { state: 'ENABLED', variants: { x: 'x' }, defaultVariant: null },
    },
  });
  const resolve = (key: string): ResolutionDetails => flags.resolve(key, {});

  it('reads Int as flagd does: the number truncated to int64, saturating', () => {
    expect(typedAnswer(resolve('frac'), 'Int', 'v2')).toMatchObject({ ok: true, response: { value: 7n } });
    expect(typedAnswer(resolve('big'), 'Int', 'v2')).toMatchObject({
      ok: true,
      response: { value: 2n ** 63n - 1n },
    });
    expect(typedAnswer(resolve('frac'), 'Float', 'v2')).toMatchObject({
      ok: true,
      response: { value: 7.99 },
    });
  });

  it('takes only a JSON object as Object, everything else of another type is TYPE_MISMATCH', () => {
    expect(typedAnswer(resolve('obj'), 'Object', 'v1')).toMatchObject({
      ok: true,
      response: { value: { a: 1 } },
    });
    expect(typedAnswer(resolve('arr'), 'Object', 'v1')).toEqual({ ok: false, errorCode: 'TYPE_MISMATCH' });
    expect(typedAnswer(resolve('obj'), 'String', 'v2')).toEqual({ ok: false, errorCode: 'TYPE_MISMATCH' });
  });

  it('gives no value in v2, and v1 zero values or FLAG_NOT_FOUND, when the flag gives none', () => {
    expect(typedAnswer(resolve('off'), 'String', 'v2')).toEqual({
      ok: true,
      response: { reason: 'DISABLED', metadata: {} },
    });
    expect(typedAnswer(resolve('off'), 'Int', 'v1')).toEqual({
      ok: true,
      response: { value: 0n, reason: 'DISABLED', variant: '', metadata: {} },
    });
    expect(typedAnswer(resolve('none'), 'String', 'v2')).toEqual({
      ok: true,
      response: { reason: 'DEFAULT', metadata: {} },
    });
    expect(typedAnswer(resolve('none'), 'String', 'v1')).toEqual({ ok: false, errorCode: 'FLAG_NOT_FOUND' });
  });
});

describe('the key a flagd client shows', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it('takes metadata, or the selector from the header before the request field', () => {
    expect(presentedCredentials(headers({ 'x-api-key': 'k1' }))).toEqual({
      ok: true,
      key: 'k1',
      source: 'metadata',
    });
    expect(presentedCredentials(headers({ authorization: 'bearer k2' }))).toEqual({
      ok: true,
      key: 'k2',
      source: 'metadata',
    });
    expect(presentedCredentials(headers({ 'flagd-selector': ' sdk-key:k3 ' }), 'sdk-key:other')).toEqual({
      ok: true,
      key: 'k3',
      source: 'selector',
    });
    expect(presentedCredentials(headers({}), 'sdk-key:k4')).toEqual({
      ok: true,
      key: 'k4',
      source: 'selector',
    });
    expect(presentedCredentials(headers({}))).toEqual({ ok: true, key: undefined, source: 'none' });
  });

  it('refuses other selectors, an empty sdk-key selector and two different keys', () => {
    expect(presentedCredentials(headers({}), 'source=flags.json')).toMatchObject({ ok: false });
    expect(presentedCredentials(headers({}), 'sdk-key:')).toMatchObject({ ok: false });
    expect(presentedCredentials(headers({ 'x-api-key': 'a' }), 'sdk-key:b')).toMatchObject({ ok: false });
  });
});

describe('configuration_change events', () => {
  const env = { environmentId: 'e', projectKey: 'p', environmentKey: 'e' };
  const flag = (variant: string) => ({
    state: 'ENABLED' as const,
    variants: { a: 'a', b: 'b' },
    defaultVariant: variant,
  });

  it('names flags written, updated and deleted; a change of $evaluators or set metadata updates every flag', () => {
    const registry = new FlagSetRegistry();
    registry.publish(env, { flags: { kept: flag('a'), gone: flag('a') } }, 1);
    const before = new Set(['kept', 'gone']);
    const change = registry.publish(env, { flags: { kept: flag('b'), added: flag('a') } }, 2);
    expect(configurationChange(before, change, registry.get('e')!)?.data).toEqual({
      flags: { added: { type: 'write' }, gone: { type: 'delete' }, kept: { type: 'update' } },
    });
    const full = registry.publish(
      env,
      { flags: { kept: flag('b'), added: flag('a') }, metadata: { v: 2 } },
      3,
    );
    expect(configurationChange(new Set(['kept', 'added']), full, registry.get('e')!)?.data).toEqual({
      flags: { kept: { type: 'update' }, added: { type: 'update' } },
    });
  });

  it('merges changes waiting for a slow client, and lets a keep-alive ride on anything waiting', () => {
    const one = { type: 'configuration_change' as const, data: { flags: { a: { type: 'write' } } } };
    const two = {
      type: 'configuration_change' as const,
      data: { flags: { a: { type: 'delete' }, b: { type: 'update' } } },
    };
    expect(mergeEvents(one, two)?.data).toEqual({ flags: { a: { type: 'delete' }, b: { type: 'update' } } });
    expect(mergeEvents(one, keepAlive())).toBe(one);
    expect(mergeEvents(keepAlive(), one)).toBeUndefined();
  });
});

describe('a stream feed', () => {
  const overflow = () => new ConnectError('slow', Code.ResourceExhausted);

  it('yields what was pushed, ends cleanly, or at once with an error', async () => {
    const feed = new StreamFeed<number>({ maxWaiting: 10, overflowError: overflow });
    feed.push(1);
    feed.push(2);
    feed.end();
    const seen: number[] = [];
    for await (const item of feed.drain(new AbortController().signal)) seen.push(item);
    expect(seen).toEqual([1, 2]);

    const failing = new StreamFeed<number>({ maxWaiting: 10, overflowError: overflow });
    failing.push(1);
    failing.end(new Error('revoked'));
    await expect(failing.drain(new AbortController().signal).next()).rejects.toThrow('revoked');
  });

  it('keeps only the newest item when told to, and cuts off a client too far behind', async () => {
    const latest = new StreamFeed<number>({ coalesce: (_a, b) => b, maxWaiting: 1, overflowError: overflow });
    for (const n of [1, 2, 3]) latest.push(n);
    expect((await latest.drain(new AbortController().signal).next()).value).toBe(3);

    const bounded = new StreamFeed<number>({ maxWaiting: 2, overflowError: overflow });
    for (const n of [1, 2, 3]) bounded.push(n);
    await expect(bounded.drain(new AbortController().signal).next()).rejects.toThrow('slow');
  });

  it('stops waiting when the client goes away', async () => {
    const feed = new StreamFeed<number>({ maxWaiting: 10, overflowError: overflow });
    const gone = new AbortController();
    const next = feed.drain(gone.signal).next();
    gone.abort();
    expect(await next).toEqual({ done: true, value: undefined });
  });
});

describe('streams waiting for their connection\u2019s key', () => {
  const on = (socket: object) =>
    ({ values: connectionContext({ socket } as unknown as IncomingMessage) }) as unknown as HandlerContext;
  const grant = { keySource: 'selector' } as FlagdGrant;

  it('hears the first key shown on their own connection only, once', () => {
    const grants = new ConnectionGrants();
    const [a, b] = [{}, {}];
    const heard: string[] = [];
    grants.onNextGrant(on(a), () => heard.push('a'));
    grants.granted(on(b), grant);
    expect(heard).toEqual([]);
    grants.granted(on(a), grant);
    grants.granted(on(a), grant);
    expect(heard).toEqual(['a']);
  });

  it('lets only so many wait at once, and frees a place when one stops waiting or hears its key', () => {
    const grants = new ConnectionGrants(1);
    const connection = {};
    const cancel = grants.onNextGrant(on(connection), () => {});
    expect(cancel).toBeDefined();
    expect(grants.onNextGrant(on({}), () => {})).toBeUndefined();
    cancel!();
    expect(grants.onNextGrant(on(connection), () => {})).toBeDefined();
    grants.granted(on(connection), grant);
    expect(grants.onNextGrant(on({}), () => {})).toBeDefined();
  });
});
