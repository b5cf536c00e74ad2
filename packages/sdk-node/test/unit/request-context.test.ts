import { describe, expect, it } from 'vitest';
import { contextFromHeaders, deviceFromUserAgent } from '../../src/middleware/request-context.js';

describe('contextFromHeaders', () => {
  it('reads the default headers into context attributes', () => {
    expect(
      contextFromHeaders({
        'x-user-id': ' user-1 ',
        'x-tenant-id': 'acme',
        'x-plan': 'pro',
        'x-country': 'de',
        'x-device': 'tv',
      }),
    ).toEqual({ targetingKey: 'user-1', tenant: 'acme', plan: 'pro', country: 'DE', device: 'tv' });
  });

  it('leaves out absent, empty and oversized values, and takes the first of repeated headers', () => {
    expect(
      contextFromHeaders({ 'x-plan': '', 'x-tenant-id': 'x'.repeat(257), 'x-user-id': ['a', 'b'] }),
    ).toEqual({
      targetingKey: 'a',
    });
  });

  it('uses other header names, skips attributes set to false, and reads nothing when headers is false', () => {
    const headers = {
      'cf-ipcountry': 'nz',
      'x-plan': 'pro',
      'user-agent': 'Mozilla/5.0 (iPad; CPU OS 17_0)',
    };
    expect(contextFromHeaders(headers, { country: 'CF-IPCountry', plan: false })).toEqual({
      country: 'NZ',
      device: 'tablet',
    });
    expect(contextFromHeaders(headers, { device: false, country: false, plan: false })).toEqual({});
    expect(contextFromHeaders(headers, false)).toEqual({});
  });
});

describe('deviceFromUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 13; SM-X700) Safari/537.36', 'tablet'],
    ['Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)', 'tablet'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0', 'desktop'],
  ])('%s → %s', (userAgent, device) => {
    expect(deviceFromUserAgent(userAgent)).toBe(device);
  });

  it('says nothing without a user agent', () => {
    expect(deviceFromUserAgent(undefined)).toBeUndefined();
    expect(deviceFromUserAgent('')).toBeUndefined();
  });
});
