import type { FlagDefinition } from '@switchyard/core';
import { FlagSetValidationError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { changedFlagKeys } from '../../src/sync/changed-flags.js';
import { FlagStore } from '../../src/sync/flag-store.js';

const bool = (defaultVariant: 'on' | 'off', extra: Partial<FlagDefinition> = {}): FlagDefinition => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant,
  ...extra,
});

describe('changedFlagKeys', () => {
  it('reports added, removed and changed flags only', () => {
    const before = { flags: { same: bool('on'), changed: bool('on'), removed: bool('on') } };
    const after = {
      flags: {
        same: { defaultVariant: 'on', variants: { off: false, on: true }, state: 'ENABLED' as const },
        changed: bool('off'),
        added: bool('on'),
      },
    };
    expect(changedFlagKeys(before, after).sort()).toEqual(['added', 'changed', 'removed']);
  });

  it('reports every flag when shared evaluators or metadata change', () => {
    const before = { flags: { a: bool('on'), b: bool('on') }, $evaluators: { x: { in: [1, [1]] } } };
    expect(changedFlagKeys(before, { ...before, $evaluators: { x: { in: [2, [1]] } } }).sort()).toEqual([
      'a',
      'b',
    ]);
    expect(changedFlagKeys(before, { ...before, metadata: { owner: 'x' } }).sort()).toEqual(['a', 'b']);
    expect(changedFlagKeys(before, { ...before })).toEqual([]);
  });

  it('reports every flag of the first document', () => {
    expect(changedFlagKeys(undefined, { flags: { a: bool('on') } })).toEqual(['a']);
  });
});

describe('FlagStore', () => {
  it('serves a replaced document and reports what changed', () => {
    const store = new FlagStore();
    expect(store.flagSet).toBeUndefined();
    expect(
      store.replace({ flags: { a: bool('on') } }, { source: 'server', version: 1, etag: '"e1"' }),
    ).toEqual(['a']);
    expect(store.flagSet?.resolveBoolean('a', false).value).toBe(true);
    expect([store.version, store.etag, store.source]).toEqual([1, '"e1"', 'server']);
  });

  it('applies a change that follows the version held, adding, changing and removing flags', () => {
    const store = new FlagStore();
    store.replace({ flags: { a: bool('on'), b: bool('on') } }, { source: 'server', version: 4 });
    const outcome = store.patch({
      version: 5,
      previousVersion: 4,
      flags: { a: bool('off'), b: null, c: bool('on') },
    });
    expect(outcome).toEqual({ kind: 'applied', changedKeys: ['a', 'b', 'c'] });
    expect(store.version).toBe(5);
    expect(store.flagSet?.flagKeys).toEqual(['a', 'c']);
    expect(store.flagSet?.resolveBoolean('a', true).value).toBe(false);
    expect(store.flagSet?.resolve('b').errorCode).toBe('FLAG_NOT_FOUND');
  });

  it('ignores a replay and reports a gap instead of applying out of order', () => {
    const store = new FlagStore();
    store.replace({ flags: { a: bool('on') } }, { source: 'server', version: 4 });
    expect(store.patch({ version: 4, previousVersion: 3, flags: { a: bool('off') } })).toEqual({
      kind: 'duplicate',
    });
    expect(store.patch({ version: 7, previousVersion: 6, flags: { a: bool('off') } })).toEqual({
      kind: 'gap',
    });
    expect(store.flagSet?.resolveBoolean('a', false).value).toBe(true);
    expect(store.version).toBe(4);
  });

  it('refuses a change that does not parse, keeping the set and version held', () => {
    const store = new FlagStore();
    store.replace({ flags: { a: bool('on') } }, { source: 'server', version: 4 });
    const broken = { a: { ...bool('on'), defaultVariant: 'missing' } } as Record<string, FlagDefinition>;
    expect(() => store.patch({ version: 5, previousVersion: 4, flags: broken })).toThrow(
      FlagSetValidationError,
    );
    expect(store.version).toBe(4);
    expect(store.flagSet?.resolveBoolean('a', false).value).toBe(true);
  });

  it('applies a change to a flag named __proto__ as a flag, as the server sends it', () => {
    const store = new FlagStore();
    store.replace({ flags: { a: bool('on') } }, { source: 'server', version: 1 });
    const change = JSON.parse(
      `{"version":2,"previousVersion":1,"flags":{"__proto__":${JSON.stringify(bool('off'))}}}`,
    );
    expect(store.patch(change)).toEqual({ kind: 'applied', changedKeys: ['__proto__'] });
    expect(store.flagSet?.flagKeys).toEqual(['a', '__proto__']);
    expect(store.flagSet?.resolveBoolean('__proto__', true).value).toBe(false);
    expect(Object.getPrototypeOf(store.flagSet?.document.flags)).toBe(Object.prototype);
  });

  it('cannot patch a bootstrap (its version is unknown)', () => {
    const store = new FlagStore();
    store.replace({ flags: { a: bool('on') } }, { source: 'bootstrap' });
    expect(store.patch({ version: 2, previousVersion: 1, flags: {} })).toEqual({ kind: 'gap' });
  });

  it('keeps the current set when a document does not parse', () => {
    const store = new FlagStore();
    store.replace({ flags: { a: bool('on') } }, { source: 'server', version: 1 });
    expect(() => store.replace({ flags: 'nope' } as never, { source: 'server', version: 2 })).toThrow(
      FlagSetValidationError,
    );
    expect(store.version).toBe(1);
    expect(store.flagSet?.resolveBoolean('a', false).value).toBe(true);
  });
});
