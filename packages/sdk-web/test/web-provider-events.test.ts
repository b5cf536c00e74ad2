import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/web-sdk';
import { type RunningServer, startServer } from '@switchyard/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwitchyardWebProvider, type SdkEvent } from '../src/index.js';
import { type EventsReceiver, startEventsReceiver } from './support/events-receiver.js';

// The provider's side of exposures and track(), through the OpenFeature web SDK, against a real
// server's OFREP endpoint (file mode) behind a receiver of /sdk/v1/events. Runs in Node: the page
// lifecycle and beacons are browser-events.test.ts's subject.
const FLAGS = {
  split: {
    state: 'ENABLED',
    variants: { control: 'control', treatment: 'treatment' },
    defaultVariant: 'control',
    targeting: {
      fractional: [
        ['control', 50],
        ['treatment', 50],
      ],
    },
  },
  banner: { state: 'ENABLED', variants: { red: 'red', green: 'green' }, defaultVariant: 'red' },
  'vip-only': {
    state: 'ENABLED',
    variants: { on: true, off: false },
    defaultVariant: 'off',
    targeting: { if: [{ starts_with: [{ var: 'targetingKey' }, 'vip-'] }, 'on', null] },
  },
};

let dir: string;
let server: RunningServer;
let receiver: EventsReceiver;
const warnings: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-sdk-web-provider-'));
  writeFileSync(join(dir, 'flags.json'), JSON.stringify({ flags: FLAGS }));
  server = await startServer({
    flagFiles: [join(dir, 'flags.json')],
    port: 0,
    host: '127.0.0.1',
    logger: false,
  });
  receiver = await startEventsReceiver(server.url);
});
afterAll(async () => {
  await receiver.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const logger = {
  error: () => {},
  warn: (message: unknown) => warnings.push(String(message)),
  info: () => {},
  debug: () => {},
};
const withoutTime = (events: SdkEvent[]) => events.map(({ timestamp: _, ...event }) => event);

describe('SwitchyardWebProvider through the OpenFeature web SDK', () => {
  it('sends exposures of variants targeting chose, once each, and track() events; flushes on close', async () => {
    await OpenFeature.setContext({ targetingKey: 'visitor-1' });
    const provider = createSwitchyardWebProvider(
      { url: receiver.url, clientKey: 'sy_client_file-mode', changeDetection: 'none', cacheMode: 'disabled' },
      logger,
    );
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();
    const split = client.getStringDetails('split', 'none');
    expect(split.reason).toBe('TARGETING_MATCH');
    for (let render = 0; render < 3; render++) {
      client.getStringValue('split', 'none');
      client.getStringValue('banner', 'none');
      client.getBooleanValue('vip-only', false);
      client.getBooleanValue('no-such-flag', false);
    }
    client.track('purchase', { value: 30, currency: 'NZD' });
    client.track('refund', { value: Number.NaN });
    expect(receiver.posts).toEqual([]);
    expect(provider.reporting.pending).toBe(2);

    await OpenFeature.setContext({ targetingKey: 'vip-1' });
    client.getBooleanValue('vip-only', false);
    await OpenFeature.setContext({});
    client.getStringValue('split', 'none');
    client.track('signup');

    await OpenFeature.close();
    const events = receiver.posts.flatMap((post) => (post.body as { events: SdkEvent[] }).events);
    expect(receiver.posts[0]!.headers['x-api-key']).toBe('sy_client_file-mode');
    expect(withoutTime(events)).toEqual([
      { kind: 'exposure', flag: 'split', variant: split.variant, targetingKey: 'visitor-1' },
      { kind: 'track', name: 'purchase', targetingKey: 'visitor-1', value: 30 },
      { kind: 'exposure', flag: 'vip-only', variant: 'on', targetingKey: 'vip-1' },
    ]);
    expect(warnings).toEqual([
      'switchyard: tracking event "refund" has a value that is not a finite number (NaN), so it is not sent',
      'switchyard: tracking event "signup" has no targetingKey in its context, so it is not sent',
    ]);
  });
});
