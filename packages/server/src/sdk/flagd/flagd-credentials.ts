import { presentedKey } from '../access/sdk-access.js';

/** A selector of this form names an SDK key, for flagd providers that cannot send their own metadata. */
export const SDK_KEY_SELECTOR_PREFIX = 'sdk-key:';

/** flagd's selector header; flagd providers send their `selector` option in it. */
export const SELECTOR_HEADER = 'flagd-selector';

export type PresentedCredentials =
  | { ok: true; key: string; source: 'metadata' | 'selector' }
  | { ok: true; key: undefined; source: 'none' }
  | { ok: false; message: string };

/**
 * The SDK key a flagd client presents: `x-api-key` or `authorization: Bearer` metadata (as for OFREP),
 * or the selector `sdk-key:<key>`, read as flagd reads selectors: the `flagd-selector` header, else the
 * request's (deprecated) `selector` field. Switchyard chooses the flag set by key alone, so any other
 * selector is refused rather than ignored: a client that asked for a subset must not silently get
 * everything.
 */
export function presentedCredentials(headers: Headers, bodySelector = ''): PresentedCredentials {
  const metadataKey = presentedKey({
    'x-api-key': headers.get('x-api-key') ?? undefined,
    authorization: headers.get('authorization') ?? undefined,
  });
  const selector = (headers.get(SELECTOR_HEADER) ?? bodySelector).trim();
  if (selector === '') {
    return metadataKey === undefined
      ? { ok: true, key: undefined, source: 'none' }
      : { ok: true, key: metadataKey, source: 'metadata' };
  }
  if (!selector.startsWith(SDK_KEY_SELECTOR_PREFIX)) {
    return {
      ok: false,
      message: `the selector ${JSON.stringify(selector.slice(0, 100))} is not supported: Switchyard serves the flag set of the SDK key's environment; set the selector to "${SDK_KEY_SELECTOR_PREFIX}<SDK key>", or send the key as x-api-key metadata and no selector`,
    };
  }
  const selectorKey = selector.slice(SDK_KEY_SELECTOR_PREFIX.length).trim();
  if (selectorKey === '') {
    return { ok: false, message: `the selector "${SDK_KEY_SELECTOR_PREFIX}" names no key` };
  }
  if (metadataKey !== undefined && metadataKey !== selectorKey) {
    return {
      ok: false,
      message: 'two different SDK keys were sent, one as metadata and one as the selector: send one',
    };
  }
  return { ok: true, key: selectorKey, source: 'selector' };
}
