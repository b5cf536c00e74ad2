import { describe, expect, it } from 'vitest';
import { SwitchyardProvider, SwitchyardSdkError } from '../../src/index.js';

const errorOf = (make: () => unknown): SwitchyardSdkError => {
  try {
    make();
  } catch (error) {
    if (error instanceof SwitchyardSdkError) return error;
    throw error;
  }
  throw new Error('no error thrown');
};

describe('SwitchyardProvider options', () => {
  it.each([
    [{}, 'url', 'is required'],
    [{ url: 'not a url' }, 'url', 'not a valid URL'],
    [{ url: 'ftp://x' }, 'url', 'http or https'],
    [{ url: 'http://x?a=1' }, 'url', 'query string'],
    [{ url: 'http://x', sdkKey: '' }, 'sdkKey', 'non-empty'],
    [{ url: 'http://x', sdkKey: 'a b' }, 'sdkKey', 'whitespace'],
    [{ url: 'http://x', mode: 'push' }, 'mode', '"stream" or "polling"'],
    [{ url: 'http://x', pollIntervalMs: 5 }, 'pollIntervalMs', 'at least 100'],
    [{ url: 'http://x', reconnect: { jitter: 2 } }, 'reconnect.jitter', 'from 0 to 1'],
    [
      { url: 'http://x', reconnect: { initialDelayMs: 100, maxDelayMs: 10 } },
      'reconnect.maxDelayMs',
      'not be smaller',
    ],
    [{ url: 'http://x', requestTimeoutMs: Number.NaN }, 'requestTimeoutMs', 'milliseconds'],
    [{ url: 'http://x', bootstrap: 42 }, 'bootstrap', 'flag set document'],
    [{ url: 'http://x', telemetry: 'yes' }, 'telemetry', 'true or false'],
    [{ url: 'http://x', telemetryInterval: 500 }, 'telemetryInterval', 'at least 1000'],
    [{ url: 'http://x', exposures: 1 }, 'exposures', 'true or false'],
    [{ url: 'http://x', exposureDedupWindow: 0 }, 'exposureDedupWindow', 'at least 1000'],
    [{ url: 'http://x', exposureDedupLimit: 0 }, 'exposureDedupLimit', 'whole number from 1'],
    [{ url: 'http://x', exposureDedupLimit: 2.5 }, 'exposureDedupLimit', 'whole number'],
    [{ url: 'http://x', eventBatchSize: 1001 }, 'eventBatchSize', 'from 1 to 1000'],
    [{ url: 'http://x', eventFlushInterval: 10 }, 'eventFlushInterval', 'at least 1000'],
    [{ url: 'http://x', eventQueueLimit: -1 }, 'eventQueueLimit', 'whole number'],
    [{ url: 'http://x', flushTimeout: 'soon' }, 'flushTimeout', 'milliseconds'],
  ])('refuses %j naming %s', (options, field, problem) => {
    const error = errorOf(() => new SwitchyardProvider(options as never));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toContain(`"${field}"`);
    expect(error.message).toContain(problem);
  });

  it('refuses an invalid bootstrap document with its issues', () => {
    const error = errorOf(
      () =>
        new SwitchyardProvider({ url: 'http://x', bootstrap: { flags: { a: { state: 'ON' } } } as never }),
    );
    expect(error.code).toBe('INVALID_BOOTSTRAP');
    expect(error.message).toMatch(/\/flags\/a/);
  });

  it('accepts a minimal configuration', () => {
    const provider = new SwitchyardProvider({ url: 'http://127.0.0.1:8080', sdkKey: 'sy_server_x' });
    expect(provider.metadata.name).toBe('Switchyard');
    expect(provider.runsOn).toBe('server');
    expect(provider.state).toBe('idle');
  });
});
