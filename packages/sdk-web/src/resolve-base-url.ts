import { SdkWebConfigError } from './sdk-web-config-error.js';

/**
 * The Switchyard URL as the absolute base the OFREP provider needs. The provider appends
 * `/ofrep/v1/...` to it verbatim, and resolves the advertised event stream against its origin,
 * which fails for a relative base: so a relative URL is resolved against the page here.
 */
export function resolveBaseUrl(url: unknown, pageHref: string | undefined): string {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new SdkWebConfigError('INVALID_URL', 'url', "the Switchyard server's URL is required");
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim(), pageHref);
  } catch {
    const hint = pageHref === undefined ? ' (a relative URL needs a page to resolve against)' : '';
    throw new SdkWebConfigError('INVALID_URL', 'url', `"${url}" is not a valid URL${hint}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SdkWebConfigError('INVALID_URL', 'url', `must be http or https, got "${parsed.protocol}"`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new SdkWebConfigError('INVALID_URL', 'url', 'must not contain credentials; pass clientKey');
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new SdkWebConfigError('INVALID_URL', 'url', 'must not contain a query or fragment');
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
