import { describe, expect, it } from 'vitest';
import { type BeaconTransport, beaconEvents, MAX_BEACON_BYTES } from '../src/events/beacon-events.js';
import type { SdkEvent } from '../src/index.js';

// The browser's sendBeacon cannot run in Node: these check how events are cut into beacons and
// which way each goes, with a transport that records. browser-events.test.ts sends real ones.
interface Sent {
  via: 'beacon' | 'fetch';
  url: string;
  body: string;
  init?: RequestInit;
}

function recordingTransport(beaconAnswers: boolean | undefined): {
  transport: BeaconTransport;
  sent: Sent[];
} {
  const sent: Sent[] = [];
  const transport: BeaconTransport = {
    url: 'https://flags.example/sdk/v1/events?key=sy_client_k',
    sendBeacon:
      beaconAnswers === undefined
        ? undefined
        : (url, body) => {
            sent.push({ via: 'beacon', url, body });
            return beaconAnswers;
          },
    fetch: async (url, init) => {
      sent.push({ via: 'fetch', url: String(url), body: String(init?.body), init });
      return new Response(null, { status: 202 });
    },
  };
  return { transport, sent };
}

const track = (i: number, padding = ''): SdkEvent => ({
  kind: 'track',
  name: `event-${i}${padding}`,
  targetingKey: 'visitor-1',
  timestamp: 1_764_500_000_000 + i,
});

describe('beaconEvents', () => {
  it('sends queued events as one JSON beacon to the URL with the key', () => {
    const { transport, sent } = recordingTransport(true);
    const events = [track(1), track(2)];
    expect(beaconEvents(transport, events)).toBe(2);
    expect(sent).toEqual([{ via: 'beacon', url: transport.url, body: JSON.stringify({ events }) }]);
  });

  it('cuts many events into beacons the browser accepts from a page going away, in order', () => {
    const { transport, sent } = recordingTransport(true);
    const events = Array.from({ length: 1000 }, (_, i) => track(i, 'x'.repeat(150)));
    expect(beaconEvents(transport, events)).toBe(1000);
    expect(sent.length).toBeGreaterThan(2);
    for (const beacon of sent)
      expect(new TextEncoder().encode(beacon.body).length).toBeLessThanOrEqual(MAX_BEACON_BYTES);
    expect(sent.flatMap((beacon) => JSON.parse(beacon.body).events)).toEqual(events);
  });

  it('measures bytes, not characters', () => {
    const { transport, sent } = recordingTransport(true);
    const events = Array.from({ length: 300 }, (_, i) => track(i, '€'.repeat(100)));
    beaconEvents(transport, events);
    for (const beacon of sent)
      expect(new TextEncoder().encode(beacon.body).length).toBeLessThanOrEqual(MAX_BEACON_BYTES);
    expect(sent.length).toBeGreaterThan(1);
  });

  it('falls back to a keepalive fetch, text/plain with the key in the URL, without sendBeacon or when it refuses', () => {
    for (const beaconAnswers of [undefined, false]) {
      const { transport, sent } = recordingTransport(beaconAnswers);
      expect(beaconEvents(transport, [track(1)])).toBe(1);
      const fetched = sent.filter((s) => s.via === 'fetch');
      expect(fetched).toHaveLength(1);
      expect(fetched[0]).toMatchObject({ url: transport.url, body: JSON.stringify({ events: [track(1)] }) });
      expect(fetched[0]!.init).toMatchObject({
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
      });
    }
  });

  it('leaves out an event too big for any beacon rather than losing the others', () => {
    const { transport, sent } = recordingTransport(true);
    const huge = track(2, 'x'.repeat(MAX_BEACON_BYTES));
    expect(beaconEvents(transport, [track(1), huge, track(3)])).toBe(2);
    expect(JSON.parse(sent[0]!.body).events).toEqual([track(1), track(3)]);
  });
});
