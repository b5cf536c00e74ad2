import { describe, expect, it } from 'vitest';
import { bulkEtag, ifNoneMatchMatches } from '../../src/sdk/ofrep/bulk-etag.js';
import { parseOfrepRequest } from '../../src/sdk/ofrep/ofrep-request.js';

describe('parseOfrepRequest', () => {
  it('returns the context, or an empty one when absent', () => {
    expect(parseOfrepRequest('{"context":{"targetingKey":"u","a":1}}')).toEqual({
      ok: true,
      context: { targetingKey: 'u', a: 1 },
    });
    expect(parseOfrepRequest(undefined)).toEqual({ ok: true, context: {} });
    expect(parseOfrepRequest('  ')).toEqual({ ok: true, context: {} });
  });

  it('drops __proto__ keys so they cannot become prototypes later', () => {
    const parsed = parseOfrepRequest('{"context":{"__proto__":{"polluted":true},"a":{"__proto__":1}}}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.hasOwn(parsed.context, '__proto__')).toBe(false);
    expect(Object.hasOwn(parsed.context.a as object, '__proto__')).toBe(false);
  });
});

describe('bulk ETag', () => {
  it('differs for different bodies and is a quoted strong tag', () => {
    expect(bulkEtag('{"a":1}')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(bulkEtag('{"a":1}')).toBe(bulkEtag('{"a":1}'));
    expect(bulkEtag('{"a":1}')).not.toBe(bulkEtag('{"a":2}'));
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(ifNoneMatchMatches('"x"', '"x"')).toBe(true);
    expect(ifNoneMatchMatches('W/"x"', '"x"')).toBe(true);
    expect(ifNoneMatchMatches('"a", "x"', '"x"')).toBe(true);
    expect(ifNoneMatchMatches('*', '"x"')).toBe(true);
    expect(ifNoneMatchMatches('"y"', '"x"')).toBe(false);
    expect(ifNoneMatchMatches(undefined, '"x"')).toBe(false);
    expect(ifNoneMatchMatches('x', '"x"')).toBe(false);
  });
});
