import { SwitchyardSdkError } from '../errors.js';
import { type SdkHttp, sdkHeaders, sdkUrl, withRequestTimeout } from '../http/sdk-http.js';

/**
 * What to do with a batch after posting it. `accepted`: done. `rejected`: the server found it
 * malformed; sending it again cannot help, so it is dropped. `refused`: the key is not allowed
 * here; stop reporting. `retry`: the server or the network failed; keep the batch for later.
 */
export type DeliveryResult =
  | { kind: 'accepted'; body: unknown }
  | { kind: 'rejected'; error: SwitchyardSdkError }
  | { kind: 'refused'; error: SwitchyardSdkError }
  | { kind: 'retry'; error: SwitchyardSdkError; retryAfterMs?: number };

/** Statuses worth retrying: the server is busy, down, or (404) not yet the version that has the endpoint. */
const RETRIED = new Set([404, 408, 425, 429]);

/** POSTs a JSON report to the server with the SDK key, and classifies the answer. Never throws. */
export async function postReport(
  http: SdkHttp,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<DeliveryResult> {
  const what = `POST /${path}`;
  let response: Response;
  let text: string;
  try {
    ({ result: response } = await withRequestTimeout(http.requestTimeoutMs, what, signal, (timeout) =>
      http.fetch(sdkUrl(http, path), {
        method: 'POST',
        headers: sdkHeaders(http, { 'content-type': 'application/json' }),
        body: JSON.stringify(body),
        signal: timeout,
      }),
    ));
    text = await response.text();
  } catch (error) {
    const failure =
      error instanceof SwitchyardSdkError
        ? error
        : new SwitchyardSdkError('NETWORK_ERROR', `${what} failed: ${String(error)}`, { cause: error });
    return { kind: 'retry', error: failure };
  }
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'accepted', body: parseJson(text) };
  const detail = errorDetail(text);
  const suffix = detail === '' ? '' : `: ${detail}`;
  if (status === 401 || status === 403) {
    return {
      kind: 'refused',
      error: new SwitchyardSdkError(
        'SDK_KEY_REJECTED',
        `the server refused the SDK key for ${what} (HTTP ${status}${suffix})`,
        { status, fatal: true },
      ),
    };
  }
  if (status >= 500 || RETRIED.has(status)) {
    const error = new SwitchyardSdkError('HTTP_ERROR', `${what} answered HTTP ${status}${suffix}`, {
      status,
    });
    const retryAfterMs = retryAfter(response.headers.get('retry-after'));
    return retryAfterMs === undefined ? { kind: 'retry', error } : { kind: 'retry', error, retryAfterMs };
  }
  return {
    kind: 'rejected',
    error: new SwitchyardSdkError('REPORT_REJECTED', `${what} was rejected (HTTP ${status}${suffix})`, {
      status,
    }),
  };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{ error: { code, message, issues } }` as one line (the first few issues), or the text, shortened. */
function errorDetail(text: string): string {
  const body = parseJson(text) as
    | { error?: { code?: unknown; message?: unknown; issues?: unknown }; errorCode?: unknown }
    | undefined;
  const error = body?.error;
  if (error !== undefined && typeof error === 'object' && error !== null) {
    const parts = [error.code, error.message].filter((part) => typeof part === 'string');
    if (Array.isArray(error.issues) && error.issues.length > 0) {
      const issues = error.issues.slice(0, 3).map((issue: unknown) => describeIssue(issue));
      const more = error.issues.length > 3 ? `; and ${error.issues.length - 3} more` : '';
      parts.push(`(${issues.join('; ')}${more})`);
    }
    if (parts.length > 0) return parts.join(' ');
  }
  if (typeof body?.errorCode === 'string') return body.errorCode;
  return text.trim().slice(0, 200);
}

function describeIssue(issue: unknown): string {
  if (typeof issue !== 'object' || issue === null) return String(issue);
  const { path, message } = issue as { path?: unknown; message?: unknown };
  const where = Array.isArray(path) ? path.join('/') : typeof path === 'string' ? path : '';
  return where === '' ? String(message) : `${where}: ${String(message)}`;
}

/** Retry-After in seconds (the date form is rare from an API; it is ignored). */
function retryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}
