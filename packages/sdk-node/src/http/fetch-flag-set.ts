import type { FlagSetDocument } from '@switchyard/core';
import { asSdkError, SwitchyardSdkError } from '../errors.js';
import { failureFromResponse, type SdkHttp, sdkHeaders, sdkUrl, withRequestTimeout } from './sdk-http.js';

export const FLAG_SET_PATH = 'sdk/v1/flagset';

export type FlagSetFetch =
  | { kind: 'not-modified' }
  | { kind: 'document'; document: FlagSetDocument; version: number | undefined; etag: string | undefined };

/**
 * `GET /sdk/v1/flagset`: the environment's whole flag set. With `ifNoneMatch` (the etag held)
 * an unchanged set costs a bodiless 304.
 */
export async function fetchFlagSet(
  http: SdkHttp,
  options: { ifNoneMatch?: string | undefined; signal?: AbortSignal | undefined } = {},
): Promise<FlagSetFetch> {
  const what = `GET /${FLAG_SET_PATH}`;
  const headers = sdkHeaders(
    http,
    options.ifNoneMatch === undefined
      ? { accept: 'application/json' }
      : { accept: 'application/json', 'if-none-match': options.ifNoneMatch },
  );
  const { result: response } = await withRequestTimeout(
    http.requestTimeoutMs,
    what,
    options.signal,
    (signal) => http.fetch(sdkUrl(http, FLAG_SET_PATH), { headers, signal }),
  );
  if (response.status === 304) {
    await response.body?.cancel();
    return { kind: 'not-modified' };
  }
  if (!response.ok) throw await failureFromResponse(response, what);
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const cause = asSdkError(error);
    if (cause.code === 'NETWORK_ERROR' && !(error instanceof SyntaxError)) throw cause;
    throw new SwitchyardSdkError('BAD_RESPONSE', `${what} did not answer JSON`, { cause: error });
  }
  if (typeof body !== 'object' || body === null || typeof (body as { flags?: unknown }).flags !== 'object') {
    throw new SwitchyardSdkError('BAD_RESPONSE', `${what} did not answer a flag set document`);
  }
  const versionHeader = response.headers.get('x-switchyard-version');
  const version =
    versionHeader !== null && /^\d{1,16}$/.test(versionHeader) ? Number(versionHeader) : undefined;
  return {
    kind: 'document',
    document: body as FlagSetDocument,
    version,
    etag: response.headers.get('etag') ?? undefined,
  };
}
