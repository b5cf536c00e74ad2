import { type Client, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SdkEvent, SwitchyardProvider, type SwitchyardProviderOptions } from '../../src/index.js';
import { EventLog } from '../support/event-log.js';
import {
  byPrefix,
  everyone,
  type FlagServer,
  split,
  startFlagServer,
  vipOnly,
} from '../support/flag-server.js';
import { recordingLogger } from '../support/recording-logger.js';

let flags: FlagServer;
let domains = 0;

beforeAll(async () => {
  flags = await startFlagServer({ checkout: byPrefix, everyone, split, 'vip-only': vipOnly });
});
afterEach(async () => {
  await OpenFeature.clearProviders();
  flags.receiver.answerWith(() => ({ status: 202 }));
  flags.receiver.reports.splice(0);
});
afterAll(async () => {
  await flags.close();
});

async function start(options: Partial<SwitchyardProviderOptions> = {}) {
  const logger = recordingLogger();
  const provider = new SwitchyardProvider({ url: flags.url, sdkKey: 'sy_server_e', logger, ...options });
  const log = new EventLog(provider);
  const domain = `events-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return { provider, logger, log, client: OpenFeature.getClient(domain) };
}

const sent = (): SdkEvent[] =>
  flags.receiver.to('events').flatMap((report) => (report.body as { events: SdkEvent[] }).events);
const withoutTime = (events: SdkEvent[]) => events.map(({ timestamp: _, ...event }) => event);

async function evaluateAll(client: Client, targetingKey?: string) {
  const context = targetingKey === undefined ? {} : { targetingKey };
  return {
    checkout: (await client.getBooleanDetails('checkout', false, context)).variant,
    split: (await client.getStringDetails('split', 'control', context)).variant,
    everyone: await client.getBooleanValue('everyone', false, context),
    vipOnly: await client.getBooleanValue('vip-only', false, context),
    missing: await client.getBooleanValue('no-such-flag', false, context),
  };
}

describe('exposures', () => {
  it('are sent once per (unit, flag, variant), for evaluations whose variant targeting chose', async () => {
    const { provider, client } = await start();
    const before = Date.now();
    const served: Record<string, Awaited<ReturnType<typeof evaluateAll>>> = {};
    for (let round = 0; round < 3; round++) {
      for (const user of ['on-1', 'off-1', 'vip-1']) served[user] = await evaluateAll(client, user);
    }
    await evaluateAll(client);
    // A variant chosen for another unit, and the same unit served another variant, are new exposures.
    await client.getBooleanValue('checkout', false, { targetingKey: 'on-2' });
    await provider.flush();

    const [report] = flags.receiver.to('events');
    expect(flags.receiver.to('events')).toHaveLength(1);
    expect(report!.headers['content-type']).toBe('application/json');
    expect(report!.headers['x-api-key']).toBe('sy_server_e');
    const events = sent();
    for (const event of events) {
      expect(event.timestamp).toBeGreaterThanOrEqual(before);
      expect(event.timestamp).toBeLessThanOrEqual(Date.now());
    }
    const exposure = (targetingKey: string, flag: string, variant: string | undefined) => ({
      kind: 'exposure',
      flag,
      variant,
      targetingKey,
    });
    // Not sent: the STATIC flag, the DEFAULT of vip-only for non-VIPs, the missing flag, no targetingKey.
    expect(withoutTime(events)).toEqual([
      exposure('on-1', 'checkout', 'on'),
      exposure('on-1', 'split', served['on-1']!.split),
      exposure('off-1', 'checkout', 'off'),
      exposure('off-1', 'split', served['off-1']!.split),
      exposure('vip-1', 'checkout', 'off'),
      exposure('vip-1', 'split', served['vip-1']!.split),
      exposure('vip-1', 'vip-only', 'on'),
      exposure('on-2', 'checkout', 'on'),
    ]);
    for (const user of ['on-1', 'off-1', 'vip-1'])
      expect(['control', 'treatment']).toContain(served[user]!.split);
  });

  it('forgets the least recently seen exposures past exposureDedupLimit (and sends those again)', async () => {
    const { provider, client } = await start({ exposureDedupLimit: 2 });
    for (const user of ['on-1', 'on-2', 'on-1', 'on-3', 'on-1', 'on-2']) {
      await client.getBooleanValue('checkout', false, { targetingKey: user });
    }
    await provider.flush();
    expect(sent().map((event) => event.targetingKey)).toEqual(['on-1', 'on-2', 'on-3', 'on-2']);
  });

  it('can be turned off, leaving tracking on', async () => {
    const { provider, client } = await start({ exposures: false });
    await evaluateAll(client, 'on-1');
    client.track('signup', { targetingKey: 'on-1' });
    await provider.flush();
    expect(withoutTime(sent())).toEqual([{ kind: 'track', name: 'signup', targetingKey: 'on-1' }]);
  });
});

describe('tracking through OpenFeature track()', () => {
  it('sends the name, the unit and the value; refuses, with a warning, what cannot be attributed', async () => {
    const { provider, client, logger } = await start({ exposures: false });
    client.setContext({ targetingKey: 'user-1' });
    client.track('purchase', {}, { value: 30, currency: 'NZD' });
    client.track('signup', { targetingKey: 'user-2' });
    client.track('purchase', { targetingKey: '' }, { value: 5 });
    client.track('purchase', { targetingKey: 'user-3' }, { value: Number.NaN });
    client.track('purchase', { targetingKey: '' }, { value: 6 });
    await provider.flush();
    expect(withoutTime(sent())).toEqual([
      { kind: 'track', name: 'purchase', targetingKey: 'user-1', value: 30 },
      { kind: 'track', name: 'signup', targetingKey: 'user-2' },
    ]);
    expect(logger.lines.warn).toEqual([
      'switchyard: tracking event "purchase" has no targetingKey in its context, so it is not sent',
      'switchyard: tracking event "purchase" has a value that is not a finite number (NaN), so it is not sent',
    ]);
  });
});

describe('events delivery', () => {
  it('sends a full batch at once, without waiting for the interval', async () => {
    await start({ exposures: false, eventBatchSize: 3, eventFlushInterval: 60_000 });
    const client = OpenFeature.getClient(`events-${domains}`);
    for (const name of ['a', 'b', 'c', 'd']) client.track(name, { targetingKey: 'u' });
    // Batches of at most eventBatchSize, the rest right after: nothing waits for the minute-long interval.
    const reports = await flags.receiver.waitFor('events', 2, 3000);
    const names = reports.map((report) =>
      (report.body as { events: SdkEvent[] }).events.map((e) => (e.kind === 'track' ? e.name : '')),
    );
    expect(names).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('keeps events through an outage in a bounded queue, dropping the oldest, and counts them', async () => {
    const { provider, client, logger } = await start({
      exposures: false,
      eventBatchSize: 2,
      eventQueueLimit: 5,
    });
    flags.receiver.answerWith(() => ({ status: 503 }));
    for (let i = 1; i <= 8; i++) client.track(`e${i}`, { targetingKey: 'u' });
    await provider.flush();
    expect(provider.reporting.events).toMatchObject({ state: 'active', pending: 5, dropped: 3 });
    expect(provider.reporting.events.lastError).toMatchObject({ code: 'HTTP_ERROR', status: 503 });

    flags.receiver.answerWith((report) => ({
      status: 202,
      body: { accepted: (report.body as { events: unknown[] }).events.length, rejected: 0, errors: [] },
    }));
    await provider.flush();
    const delivered = flags.receiver
      .to('events')
      .filter((_, i) => i >= flags.receiver.to('events').length - 3)
      .map((report) =>
        (report.body as { events: SdkEvent[] }).events.map((e) => (e.kind === 'track' ? e.name : '')),
      );
    expect(delivered).toEqual([['e4', 'e5'], ['e6', 'e7'], ['e8']]);
    expect(provider.reporting.events).toMatchObject({ pending: 0, dropped: 3, lastError: undefined });
    expect(logger.lines.warn).toHaveLength(1);
  });

  it('logs the events the server refused one by one, and does not send them again', async () => {
    const { provider, client, logger } = await start({ exposures: false });
    flags.receiver.answerWith(() => ({
      status: 202,
      body: {
        accepted: 1,
        rejected: 1,
        errors: [{ index: 1, message: 'name is longer than 200 characters' }],
      },
    }));
    client.track('ok', { targetingKey: 'u' });
    client.track('x'.repeat(201), { targetingKey: 'u' });
    await provider.flush();
    await provider.flush();
    expect(flags.receiver.to('events')).toHaveLength(1);
    expect(provider.reporting.events).toMatchObject({ pending: 0, dropped: 1 });
    expect(logger.lines.warn).toEqual([
      expect.stringMatching(/^switchyard: the server refused 1 of 2 events \(track "x+": name is longer/),
    ]);
  });

  it('drops a batch rejected as malformed (400)', async () => {
    const { provider, client } = await start({ exposures: false });
    flags.receiver.answerWith(() => ({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'no' } },
    }));
    client.track('a', { targetingKey: 'u' });
    await provider.flush();
    await provider.flush();
    expect(flags.receiver.to('events')).toHaveLength(1);
    expect(provider.reporting.events).toMatchObject({ pending: 0, dropped: 1 });
  });

  it('stops when the server refuses the key, without putting the provider in error', async () => {
    const { provider, client, logger, log } = await start();
    flags.receiver.answerWith(() => ({ status: 401 }));
    await client.getBooleanValue('checkout', false, { targetingKey: 'on-1' });
    await provider.flush();
    client.track('purchase', { targetingKey: 'on-1' }, { value: 1 });
    await provider.flush();
    expect(flags.receiver.to('events')).toHaveLength(1);
    expect(provider.reporting.events).toMatchObject({ state: 'stopped', pending: 0 });
    expect(logger.lines.error).toEqual([
      expect.stringMatching(/HTTP 401.*exposure and tracking events stopped/),
    ]);
    expect(log.types()).toEqual([]);
    expect(await client.getBooleanValue('checkout', false, { targetingKey: 'on-1' })).toBe(true);
  });

  it('delivers what is queued when the provider closes', async () => {
    const { client } = await start({ exposures: false });
    client.track('purchase', { targetingKey: 'u' }, { value: 12.5 });
    await OpenFeature.clearProviders();
    expect(withoutTime(sent())).toEqual([
      { kind: 'track', name: 'purchase', targetingKey: 'u', value: 12.5 },
    ]);
  });
});
