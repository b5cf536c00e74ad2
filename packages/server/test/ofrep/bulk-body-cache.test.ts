import type { ResolutionDetails } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import type { PublishedFlagSet } from '../../src/flag-sets/flag-set-registry.js';
import { BulkBodyCache, type CachedBulkBody } from '../../src/sdk/ofrep/bulk-body-cache.js';

const published = () => ({}) as PublishedFlagSet;
const frozen = (variant: string): ResolutionDetails =>
  Object.freeze({ value: variant, variant, reason: 'STATIC' as const, flagMetadata: {} });
const body = (results: ResolutionDetails[], rawKey: string | undefined, text: string): CachedBulkBody => ({
  results,
  rawKey,
  text,
  bytes: Buffer.from(text),
  etag: `"${text}"`,
});

describe('BulkBodyCache', () => {
  it('finds a body only for the same flag set, key and result objects', () => {
    const cache = new BulkBodyCache();
    const set = published();
    const a = frozen('a');
    const b = frozen('b');
    cache.store(set, body([a, b], 'k1', 'ab'));
    expect(cache.find(set, [a, b], 'k1')?.text).toBe('ab');
    expect(cache.find(set, [a, b], 'k2')).toBeUndefined();
    expect(cache.find(set, [a, frozen('b')], 'k1')).toBeUndefined();
    expect(cache.find(set, [a], 'k1')).toBeUndefined();
    expect(cache.find(published(), [a, b], 'k1')).toBeUndefined();
  });

  it('never keeps a body with a result built per call (not frozen)', () => {
    const cache = new BulkBodyCache();
    const set = published();
    const error: ResolutionDetails = { reason: 'ERROR', errorCode: 'GENERAL', flagMetadata: {} };
    cache.store(set, body([frozen('a'), error], undefined, 'x'));
    expect(cache.find(set, [frozen('a'), error], undefined)).toBeUndefined();
  });

  it('keeps the 8 most recent bodies per flag set', () => {
    const cache = new BulkBodyCache();
    const set = published();
    const results = Array.from({ length: 9 }, (_, i) => [frozen(String(i))]);
    for (const [i, r] of results.entries()) cache.store(set, body(r, undefined, String(i)));
    expect(cache.find(set, results[0]!, undefined)).toBeUndefined();
    for (let i = 1; i < 9; i++) expect(cache.find(set, results[i]!, undefined)?.text).toBe(String(i));
  });
});
