import type { SdkEvent } from './sdk-event.js';

/**
 * Browsers let a page that is going away send at most 64 KiB in flight (beacons and keepalive
 * fetches together); each beacon stays under this so that a second one can still fit.
 */
export const MAX_BEACON_BYTES = 60_000;

/** How a page that is being hidden or unloaded hands its events to the browser. */
export interface BeaconTransport {
  /** `{url}/sdk/v1/events?key=…`: a beacon cannot carry headers, so the client key rides in the query. */
  url: string;
  sendBeacon: ((url: string, data: string) => boolean) | undefined;
  fetch: typeof fetch;
}

/**
 * Hands events to the browser to deliver after the page is gone: `navigator.sendBeacon`, or a
 * `keepalive` fetch where beacons are unavailable or refused. Both send the JSON body as
 * `text/plain;charset=UTF-8` with the key in the query, which needs no CORS preflight (a page being
 * unloaded cannot wait for one). Returns the events handed over; the rest did not fit.
 */
export function beaconEvents(transport: BeaconTransport, events: SdkEvent[]): number {
  let handed = 0;
  for (const chunk of chunks(events)) {
    const body = JSON.stringify({ events: chunk });
    if (!send(transport, body)) break;
    handed += chunk.length;
  }
  return handed;
}

function send(transport: BeaconTransport, body: string): boolean {
  try {
    if (transport.sendBeacon?.(transport.url, body)) return true;
    // The promise is not awaited: the page is going away. A refusal shows as a rejection only.
    transport
      .fetch(transport.url, {
        method: 'POST',
        body,
        keepalive: true,
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
      })
      .catch(() => {});
    return true;
  } catch {
    return false;
  }
}

/** Splits events into bodies of at most MAX_BEACON_BYTES (an event too big on its own is left out). */
function* chunks(events: SdkEvent[]): Generator<SdkEvent[]> {
  const encoder = new TextEncoder();
  const envelope = encoder.encode('{"events":[]}').length;
  let chunk: SdkEvent[] = [];
  let size = envelope;
  for (const event of events) {
    const bytes = encoder.encode(JSON.stringify(event)).length + 1;
    if (envelope + bytes > MAX_BEACON_BYTES) continue;
    if (size + bytes > MAX_BEACON_BYTES) {
      yield chunk;
      chunk = [];
      size = envelope;
    }
    chunk.push(event);
    size += bytes;
  }
  if (chunk.length > 0) yield chunk;
}
