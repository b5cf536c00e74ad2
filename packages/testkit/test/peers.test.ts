import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { locatePeer, MissingResourceError, peersDir } from '../src/index.js';

const missing = join('/nonexistent', `peers-${process.pid}`);

describe('locatePeer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('honours SWITCHYARD_PEERS_DIR', () => {
    expect(peersDir({ SWITCHYARD_PEERS_DIR: missing })).toBe(missing);
  });

  it('fails under CI when the folder is missing', () => {
    expect(() =>
      locatePeer('flagd-testbed', 'suites', { SWITCHYARD_PEERS_DIR: missing, CI: 'true' }),
    ).toThrow(MissingResourceError);
  });

  it('otherwise returns null and says so once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const env = { SWITCHYARD_PEERS_DIR: missing };
    expect(locatePeer('some-peer', 'the some-peer tests', env)).toBeNull();
    expect(locatePeer('some-peer', 'the some-peer tests', env)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^\[skip\] some-peer not found at .*: the some-peer tests skipped/,
    );
  });
});
