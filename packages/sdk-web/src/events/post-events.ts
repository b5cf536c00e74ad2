import type { SdkEvent } from './sdk-event.js';

/** Where regular sends go: `POST {url}/sdk/v1/events` with the client key in `X-API-Key`. */
export interface EventsEndpoint {
  url: string;
  clientKey: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/**
 * What to do with a batch after posting it. `accepted`: done. `rejected`: malformed, dropped.
 * `refused`: the key is not allowed; stop. `retry`: the server or the network failed; keep it.
 */
export type DeliveryResult =
  | { kind: 'accepted'; body: unknown }
  | { kind: 'rejected'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'retry'; message: string; retryAfterMs?: number };

/** Statuses worth retrying: the server is busy, down, or (404) not yet the version that has the endpoint. */
const RETRIED = new Set([404, 408, 425, 429]);

/** Below the browsers' 64 KiB keepalive budget, leaving room for a beacon sent at the same time. */
const KEEPALIVE_LIMIT = 32 * 1024;

/** Posts one batch and classifies the answer. Never throws. */
export async function postEvents(endpoint: EventsEndpoint, events: SdkEvent[]): Promise<DeliveryResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), endpoint.timeoutMs);
  let response: Response;
  let text: string;
  try {
    const body = JSON.stringify({ events });
    response = await endpoint.fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': endpoint.clientKey },
      body,
      // A send still in flight when the page goes away must not be cut off: the page would then
      // hand the same events to a beacon after the server had counted them once already.
      // Browsers allow keepalive bodies up to 64 KiB in flight per page.
      keepalive: body.length <= KEEPALIVE_LIMIT,
      signal: controller.signal,
    });
    text = await response.text();
  } catch (error) {
    const reason = controller.signal.aborted ? `no answer within ${endpoint.timeoutMs} ms` : String(error);
    return { kind: 'retry', message: `POST /sdk/v1/events failed: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
  const { status } = response;
  const body = parseJson(text);
  if (status >= 200 && status < 300) return { kind: 'accepted', body };
  const detail = errorDetail(body, text);
  const message = `POST /sdk/v1/events answered HTTP ${status}${detail === '' ? '' : `: ${detail}`}`;
  if (status === 401 || status === 403) return { kind: 'refused', message };
  if (status >= 500 || RETRIED.has(status)) {
    const retryAfter = response.headers.get('retry-after')?.trim();
    return retryAfter !== undefined && /^\d{1,6}$/.test(retryAfter)
      ? { kind: 'retry', message, retryAfterMs: Number(retryAfter) * 1000 }
      : { kind: 'retry', message };
  }
  return { kind: 'rejected', message };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{ error: { code, message } }` as one line, or the text, shortened. */
function errorDetail(body: unknown, text: string): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const parts = [error?.code, error?.message].filter((part) => typeof part === 'string');
  return parts.length > 0 ? parts.join(' ') : text.trim().slice(0, 200);
}
