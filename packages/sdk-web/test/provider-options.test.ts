import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { describe, expect, it } from 'vitest';
import { checkClientKey } from '../src/check-client-key.js';
import { createSwitchyardWebProvider, SdkWebConfigError, SwitchyardWebProvider } from '../src/index.js';
import { resolveBaseUrl } from '../src/resolve-base-url.js';

const PAGE = 'https://shop.example/products/42?ref=mail';
const CLIENT_KEY = 'sy_client_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function configError(run: () => unknown): SdkWebConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SdkWebConfigError);
    return error as SdkWebConfigError;
  }
  throw new Error('expected an SdkWebConfigError');
}

describe('resolveBaseUrl', () => {
  it('keeps an absolute URL, without trailing slashes (the provider appends /ofrep/v1/…)', () => {
    expect(resolveBaseUrl('http://127.0.0.1:8080', undefined)).toBe('http://127.0.0.1:8080');
    expect(resolveBaseUrl('https://flags.example/switchyard//', PAGE)).toBe(
      'https://flags.example/switchyard',
    );
    expect(resolveBaseUrl('https://flags.example/', PAGE)).toBe('https://flags.example');
  });

  it('resolves a relative URL against the page, so the event stream can be resolved too', () => {
    expect(resolveBaseUrl('/switchyard/', PAGE)).toBe('https://shop.example/switchyard');
    expect(resolveBaseUrl('/', PAGE)).toBe('https://shop.example');
  });

  it.each([
    ['', undefined, /required/],
    ['   ', PAGE, /required/],
    [42, PAGE, /required/],
    ['/switchyard', undefined, /not a valid URL \(a relative URL needs a page/],
    ['ftp://flags.example', PAGE, /must be http or https, got "ftp:"/],
    ['https://user:pw@flags.example', PAGE, /must not contain credentials/],
    ['https://flags.example/?env=prod', PAGE, /must not contain a query or fragment/],
    ['https://flags.example/#x', PAGE, /must not contain a query or fragment/],
  ])('refuses %j (page %s)', (url, page, message) => {
    const error = configError(() => resolveBaseUrl(url, page));
    expect(error.code).toBe('INVALID_URL');
    expect(error.field).toBe('url');
    expect(error.message).toMatch(/^url: /);
    expect(error.message).toMatch(message);
  });
});

describe('checkClientKey', () => {
  it('accepts a client key (trimmed)', () => {
    expect(checkClientKey(` ${CLIENT_KEY}\n`)).toBe(CLIENT_KEY);
  });

  it.each([
    [
      'sy_server_abcdefghijklmnopqrstuvwxyz',
      'NOT_A_CLIENT_KEY',
      /server SDK key, which can read targeting rules/,
    ],
    ['sy_admin_abcdefghijklmnopqrstuvwxyz', 'NOT_A_CLIENT_KEY', /admin token, which can change flags/],
    ['', 'INVALID_CLIENT_KEY', /required/],
    [undefined, 'INVALID_CLIENT_KEY', /required/],
    ['sy_client_abc def', 'INVALID_CLIENT_KEY', /whitespace/],
  ])('refuses %j with %s', (key, code, message) => {
    const error = configError(() => checkClientKey(key));
    expect(error.code).toBe(code);
    expect(error.field).toBe('clientKey');
    expect(error.message).toMatch(message);
    // A secret pasted by mistake is never echoed into logs.
    if (typeof key === 'string' && key.length > 10) expect(error.message).not.toContain(key);
  });
});

describe('createSwitchyardWebProvider', () => {
  it('returns the official OFREP web provider, extended with exposures and track', () => {
    const provider = createSwitchyardWebProvider({ url: 'http://127.0.0.1:8080/', clientKey: CLIENT_KEY });
    expect(provider).toBeInstanceOf(OFREPWebProvider);
    expect(provider).toBeInstanceOf(SwitchyardWebProvider);
    expect(provider.runsOn).toBe('client');
    expect(typeof provider.track).toBe('function');
    expect(provider.reporting).toEqual({
      state: 'active',
      pending: 0,
      sending: false,
      dropped: 0,
      lastError: undefined,
    });
  });

  it.each([
    [{ exposures: 'no' }, 'exposures', /must be true or false/],
    [{ exposureDedupWindow: 10 }, 'exposureDedupWindow', /at least 1000, got 10/],
    [{ exposureDedupLimit: 0 }, 'exposureDedupLimit', /whole number from 1/],
    [{ eventBatchSize: 5000 }, 'eventBatchSize', /from 1 to 1000, got 5000/],
    [{ eventFlushInterval: Number.NaN }, 'eventFlushInterval', /milliseconds/],
    [{ eventQueueLimit: 1.5 }, 'eventQueueLimit', /whole number/],
    [{ flushTimeout: -1 }, 'flushTimeout', /milliseconds/],
  ])('refuses %j, naming the option', (options, field, message) => {
    const error = configError(() =>
      createSwitchyardWebProvider({
        url: 'http://127.0.0.1:8080',
        clientKey: CLIENT_KEY,
        ...(options as object),
      }),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field}: `));
    expect(error.message).toMatch(message);
  });

  it('checks its options before building anything', () => {
    const error = configError(() =>
      createSwitchyardWebProvider({ url: 'http://127.0.0.1:8080', clientKey: 'sy_server_0123456789abcdef' }),
    );
    expect(error.code).toBe('NOT_A_CLIENT_KEY');
    // In Node there is no page: a relative URL cannot be resolved.
    expect(configError(() => createSwitchyardWebProvider({ url: '/x', clientKey: CLIENT_KEY })).code).toBe(
      'INVALID_URL',
    );
  });
});
