import type { FlagSetDocument } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import {
  type FlagSetChange,
  FlagSetRegistry,
  type PublishedFlagSet,
} from '../../src/flag-sets/flag-set-registry.js';

const env = { environmentId: 'env-1', projectKey: 'default', environmentKey: 'development' };

function doc(flags: FlagSetDocument['flags'], extra: Partial<FlagSetDocument> = {}): FlagSetDocument {
  return { flags, ...extra };
}

const onOff = (defaultVariant: 'on' | 'off') => ({
  state: 'ENABLED' as const,
  variants: { on: true, off: false },
  defaultVariant,
});

describe('FlagSetRegistry', () => {
  it('compiles and serves the published document', () => {
    const registry = new FlagSetRegistry();
    const change = registry.publish(env, doc({ a: onOff('on') }), 1);
    expect(change).toEqual({ env, version: 1, previousVersion: 0, changedFlagKeys: ['a'], full: true });
    const published = registry.get('env-1');
    expect(published?.version).toBe(1);
    expect(published?.flagSet.resolve('a', {}).value).toBe(true);
    expect(JSON.parse(published?.documentJson ?? '')).toEqual(doc({ a: onOff('on') }));
    expect(published?.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  });

  it('reports added, changed and removed flags, and not unchanged ones', () => {
    const registry = new FlagSetRegistry();
    registry.publish(env, doc({ a: onOff('on'), b: onOff('on'), c: onOff('on') }), 1);
    const change = registry.publish(env, doc({ a: onOff('on'), b: onOff('off'), d: onOff('on') }), 2);
    expect(change.changedFlagKeys).toEqual(['b', 'c', 'd']);
    expect(change.full).toBe(false);
    expect(change.previousVersion).toBe(1);
  });

  it('ignores key order when comparing flags and computing the ETag', () => {
    const registry = new FlagSetRegistry();
    registry.publish(
      env,
      doc({ a: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } }),
      1,
    );
    const etag = registry.get('env-1')?.etag;
    const change = registry.publish(
      env,
      doc({ a: { defaultVariant: 'on', variants: { off: false, on: true }, state: 'ENABLED' } }),
      2,
    );
    expect(change.changedFlagKeys).toEqual([]);
    expect(registry.get('env-1')?.etag).toBe(etag);
  });

  it('marks a change full when evaluators or flag-set metadata change', () => {
    const registry = new FlagSetRegistry();
    registry.publish(env, doc({ a: onOff('on') }, { $evaluators: { x: { in: ['a', 'b'] } } }), 1);
    expect(
      registry.publish(env, doc({ a: onOff('on') }, { $evaluators: { x: { in: ['a'] } } }), 2).full,
    ).toBe(true);
    expect(
      registry.publish(env, doc({ a: onOff('on') }, { $evaluators: { x: { in: ['a'] } } }), 3).full,
    ).toBe(false);
    expect(
      registry.publish(
        env,
        doc({ a: onOff('on') }, { $evaluators: { x: { in: ['a'] } }, metadata: { v: 1 } }),
        4,
      ).full,
    ).toBe(true);
  });

  it('ignores a publish whose version is not newer, without notifying', () => {
    const registry = new FlagSetRegistry();
    const seen: number[] = [];
    registry.subscribe('env-1', (change) => seen.push(change.version));
    registry.publish(env, doc({ a: onOff('on') }), 5);
    const stale = registry.publish(env, doc({ a: onOff('off') }), 4);
    expect(stale.changedFlagKeys).toEqual([]);
    expect(stale.version).toBe(5);
    expect(registry.get('env-1')?.flagSet.resolve('a', {}).value).toBe(true);
    expect(seen).toEqual([5]);
  });

  it('keeps the previous flag set when a document cannot be compiled', () => {
    const registry = new FlagSetRegistry();
    registry.publish(env, doc({ a: onOff('on') }), 1);
    const broken = { flags: { a: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'missing' } } };
    expect(() => registry.publish(env, broken as unknown as FlagSetDocument, 2)).toThrow();
    expect(registry.get('env-1')?.version).toBe(1);
    expect(registry.get('env-1')?.flagSet.resolve('a', {}).value).toBe(true);
  });

  it('notifies subscribers of their environment only, and stops after unsubscribe', () => {
    const registry = new FlagSetRegistry();
    const seen: Array<[FlagSetChange, PublishedFlagSet]> = [];
    const unsubscribe = registry.subscribe('env-1', (change, published) => seen.push([change, published]));
    registry.subscribe('env-2', () => {
      throw new Error('must not be called');
    });
    registry.publish(env, doc({ a: onOff('on') }), 1);
    unsubscribe();
    registry.publish(env, doc({ a: onOff('off') }), 2);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[1].version).toBe(1);
  });

  it('reports a throwing listener and still notifies the others', () => {
    const errors: unknown[] = [];
    const registry = new FlagSetRegistry({ onListenerError: (error) => errors.push(error) });
    let called = false;
    registry.subscribe('env-1', () => {
      throw new Error('boom');
    });
    registry.subscribe('env-1', () => {
      called = true;
    });
    registry.publish(env, doc({ a: onOff('on') }), 1);
    expect(called).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('replays deltas since a version, and refuses when the history cannot cover it', () => {
    const registry = new FlagSetRegistry({ deltaLogLimit: 2 });
    registry.publish(env, doc({ a: onOff('on') }), 1);
    registry.publish(env, doc({ a: onOff('off') }), 2);
    registry.publish(env, doc({ a: onOff('off'), b: onOff('on') }), 3);
    expect(registry.changesSince('env-1', 3)).toEqual([]);
    expect(registry.changesSince('env-1', 2)).toEqual([
      { version: 3, previousVersion: 2, full: false, flags: { b: onOff('on') } },
    ]);
    expect(registry.changesSince('env-1', 1)?.map((delta) => delta.version)).toEqual([2, 3]);
    // Version 1's successor fell out of the bounded log; 0 (before the first publish) too.
    registry.publish(env, doc({ b: onOff('on') }), 4);
    expect(registry.changesSince('env-1', 1)).toBeUndefined();
    expect(registry.changesSince('env-1', 3)).toEqual([
      { version: 4, previousVersion: 3, full: false, flags: { a: null } },
    ]);
    expect(registry.changesSince('env-1', 99)).toBeUndefined();
  });

  it('refuses to replay across a full change', () => {
    const registry = new FlagSetRegistry();
    registry.publish(env, doc({ a: onOff('on') }), 1);
    registry.publish(env, doc({ a: onOff('on') }, { metadata: { team: 'x' } }), 2);
    expect(registry.changesSince('env-1', 1)).toBeUndefined();
  });

  it('removes an environment and tells its subscribers', () => {
    const registry = new FlagSetRegistry();
    let removed = 0;
    registry.subscribe(
      'env-1',
      () => {},
      () => removed++,
    );
    registry.publish(env, doc({ a: onOff('on') }), 1);
    registry.remove('env-1');
    expect(registry.get('env-1')).toBeUndefined();
    expect(removed).toBe(1);
    expect([...registry.all()]).toEqual([]);
  });

  it('rejects a version that is not a non-negative integer', () => {
    const registry = new FlagSetRegistry();
    expect(() => registry.publish(env, doc({}), 1.5)).toThrow(RangeError);
    expect(() => registry.publish(env, doc({}), -1)).toThrow(RangeError);
  });
});
