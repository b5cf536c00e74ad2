import { asSdkError, SwitchyardSdkError } from '../errors.js';

/** How the provider talks to the server: shared by the stream, the poller and refetches. */
export interface SdkHttp {
  fetch: typeof fetch;
  /** The server's base URL, always ending in `/` so paths resolve under it (proxies with a prefix). */
  baseUrl: URL;
  sdkKey: string | undefined;
  /** Longest wait for a response's status and headers. */
  requestTimeoutMs: number;
}

/** `X-Switchyard-Version` as a number; undefined when absent or malformed. */
export function parseVersionHeader(value: string | string[] | null | undefined): number | undefined {
  return typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : undefined;
}

export function sdkUrl(http: SdkHttp, path: string): string {
  return new URL(path, http.baseUrl).toString();
}

export function sdkHeaders(http: SdkHttp, extra: Record<string, string> = {}): Record<string, string> {
  return http.sdkKey === undefined ? extra : { 'x-api-key': http.sdkKey, ...extra };
}

/**
 * The error for a non-2xx answer. 401 and 403 are fatal: the key is unknown, revoked or a client
 * key, and asking again cannot change that. Everything else (5xx, 503 while the server loads,
 * a proxy's 404 during a deploy) is retried.
 */
export async function failureFromResponse(response: Response, what: string): Promise<SwitchyardSdkError> {
  const detail = await errorDetail(response);
  const suffix = detail === '' ? '' : `: ${detail}`;
  if (response.status === 401 || response.status === 403) {
    return new SwitchyardSdkError(
      'SDK_KEY_REJECTED',
      `the server refused the SDK key for ${what} (HTTP ${response.status}${suffix}); use a server SDK key of the environment to read`,
      { status: response.status, fatal: true },
    );
  }
  return new SwitchyardSdkError('HTTP_ERROR', `${what} answered HTTP ${response.status}${suffix}`, {
    status: response.status,
  });
}

/** The server's `{ errorCode, errorDetails }` body, shortened; never throws. */
async function errorDetail(response: Response): Promise<string> {
  try {
    const text = (await response.text()).slice(0, 2000);
    try {
      const body = JSON.parse(text) as {
        errorCode?: unknown;
        errorDetails?: unknown;
        error?: { message?: unknown };
      };
      const parts = [body.errorCode, body.errorDetails ?? body.error?.message].filter(
        (p) => typeof p === 'string',
      );
      if (parts.length > 0) return parts.join(' ');
    } catch {}
    return text.trim().slice(0, 200);
  } catch {
    return '';
  }
}

/**
 * Runs `request` with a timeout that covers the wait for the response headers only. An abort by
 * `stop` rethrows as is; a timeout becomes a TIMEOUT error.
 */
export async function withRequestTimeout<T>(
  timeoutMs: number,
  what: string,
  stop: AbortSignal | undefined,
  request: (signal: AbortSignal) => Promise<T>,
): Promise<{ result: T; controller: AbortController }> {
  const controller = new AbortController();
  const onStop = () => controller.abort(stop?.reason);
  if (stop?.aborted) onStop();
  stop?.addEventListener('abort', onStop, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return { result: await request(controller.signal), controller };
  } catch (error) {
    if (timedOut) {
      throw new SwitchyardSdkError('TIMEOUT', `${what} did not answer within ${timeoutMs} ms`, {
        cause: error,
      });
    }
    if (stop?.aborted) throw error;
    throw asSdkError(error);
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
  }
}
