import { FlagSet, FlagSetValidationError } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

const base = () => ({
  $evaluators: { isUs: { '==': [{ var: 'country' }, 'US'] } },
  metadata: { flagSetId: 'shop' },
  flags: {
    banner: {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: { if: [{ $ref: 'isUs' }, 'on', 'off'] },
    },
    color: {
      state: 'ENABLED',
      variants: { red: 'red', blue: 'blue' },
      defaultVariant: 'red',
      targeting: {
        fractional: [
          ['red', 50],
          ['blue', 50],
        ],
      },
      metadata: { owner: 'web' },
    },
    legacy: { state: 'DISABLED', variants: { on: true }, defaultVariant: 'on' },
    '7': { state: 'ENABLED', variants: { a: 1, b: 2 }, defaultVariant: 'a' },
  },
});

const contexts = [
  {},
  { targetingKey: 'user-1', country: 'US' },
  { targetingKey: 'user-2', country: 'FR' },
  { targetingKey: 'user-3' },
];

/** What parsing the document with the changes applied gives: the reference withFlags must match. */
function parsedWith(changes: Record<string, unknown>) {
  const doc = base();
  const flags: Record<string, unknown> = { ...doc.flags };
  for (const [key, definition] of Object.entries(changes)) {
    if (definition === null) delete flags[key];
    else
      Object.defineProperty(flags, key, {
        value: definition,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return FlagSet.parse({ ...doc, flags });
}

// JSON text where a key matters that an object literal cannot hold (`__proto__` would set the prototype).
const changeSets: Record<string, Record<string, unknown> | string> = {
  'a replaced flag': {
    banner: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
  },
  'an added flag': {
    fresh: {
      state: 'ENABLED',
      variants: { x: 'x', y: 'y' },
      defaultVariant: 'x',
      targeting: { if: [{ $ref: 'isUs' }, 'y', null] },
    },
  },
  'a removed flag': { color: null },
  'an added integer-like key (listed first, as in a parsed object)': {
    '3': { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
  },
  'a flag named __proto__':
    '{"__proto__": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}}',
  'a removed and a replaced flag at once': {
    legacy: null,
    '7': { state: 'ENABLED', variants: { a: 1, b: 2 }, defaultVariant: 'b' },
  },
  'removing a flag that is not there': { missing: null },
  'a flag whose targeting does not compile': {
    banner: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on', targeting: { nope: [1] } },
  },
};

describe('FlagSet.withFlags', () => {
  for (const [name, changes] of Object.entries(changeSets)) {
    // JSON.parse keeps "__proto__" as an own key, as a change event from the server does.
    const given = (typeof changes === 'string' ? JSON.parse(changes) : changes) as Record<string, unknown>;

    test(`${name}: gives what parsing the changed document gives`, () => {
      const original = FlagSet.parse(base());
      for (const key of original.flagKeys) original.resolve(key, contexts[1]);
      if (typeof changes === 'string') expect(Object.keys(given)).toEqual(['__proto__']);
      const patched = original.withFlags(given);
      const reference = parsedWith(given);
      expect(patched.flagKeys).toEqual(reference.flagKeys);
      expect(Object.keys(patched.document.flags)).toEqual(Object.keys(reference.document.flags));
      expect(patched.document).toEqual(reference.document);
      for (const context of contexts) {
        expect([...patched.resolveAll(context)]).toEqual([...reference.resolveAll(context)]);
        expect(patched.resolveEach(context)).toEqual(
          reference.flagKeys.map((key) => reference.resolve(key, context)),
        );
        for (const key of reference.flagKeys)
          expect(patched.explain(key, context)).toEqual(reference.explain(key, context));
      }
    });
  }

  test('leaves the set it was called on as it was', () => {
    const original = FlagSet.parse(base());
    const before = JSON.stringify(original.document);
    const patched = original.withFlags({ banner: null, color: { state: 'DISABLED', variants: { a: 1 } } });
    expect(JSON.stringify(original.document)).toBe(before);
    expect(original.flagKeys).toEqual(['7', 'banner', 'color', 'legacy']);
    expect(original.resolve('banner', { country: 'US' }).value).toBe(true);
    expect(patched.resolve('banner').errorCode).toBe('FLAG_NOT_FOUND');
  });

  test('refuses a changed flag that parsing would refuse, naming it, and builds nothing', () => {
    const original = FlagSet.parse(base());
    let error: unknown;
    try {
      original.withFlags({
        banner: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'off' },
        color: 'red',
        '': { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FlagSetValidationError);
    const paths = (error as FlagSetValidationError).issues.map((issue) => issue.path);
    expect(paths).toContain('/flags/banner/defaultVariant');
    expect(paths).toContain('/flags/color');
    expect(paths).toContain('/flags/');
    expect(() =>
      FlagSet.parse({
        ...base(),
        flags: {
          ...base().flags,
          banner: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'off' },
        },
      }),
    ).toThrow(FlagSetValidationError);
    expect(original.resolve('banner', { country: 'US' }).value).toBe(true);
  });
});
