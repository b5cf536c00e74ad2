import { describe, expect, it } from 'vitest';
import type { FlagSummary } from '../src/api/types.js';
import type { ChangeEvent } from '../src/live/changes.js';
import {
  addChange,
  MAX_FLAGS_PER_UPDATE,
  nothingPending,
} from '../src/screens/flags/flag-summary-updates.js';
import { withFlag } from '../src/screens/flags/use-flag-summaries.js';

const change = (patch: Partial<ChangeEvent>): ChangeEvent => ({
  project: 'shop',
  resource: 'flag-config',
  action: 'flag-config.update',
  at: '2026-11-30T00:00:00.000Z',
  ...patch,
});

const summary = (key: string, name = key): FlagSummary => ({
  key,
  name,
  description: '',
  kind: 'release',
  owner: '',
  tags: [],
  version: 1,
  archivedAt: null,
  environments: {},
  lifecycle: { stage: 'new' },
  stale: { reasons: [] },
});

describe('flags list: what a change asks for', () => {
  it('fetches again only the flags that changed', () => {
    const pending = nothingPending();
    addChange(pending, change({ flag: 'checkout', environment: 'prod' }), 'shop');
    addChange(pending, change({ resource: 'flag', key: 'banner', action: 'flag.create' }), 'shop');
    expect(pending).toEqual({ reload: false, flags: new Set(['checkout', 'banner']) });
  });

  it('ignores other projects and resources the list does not show', () => {
    const pending = nothingPending();
    addChange(pending, change({ project: 'other', flag: 'checkout' }), 'shop');
    addChange(pending, change({ resource: 'segment', key: 'staff' }), 'shop');
    expect(pending).toEqual(nothingPending());
  });

  it('reloads for changes it cannot place, unreadable ones, and many flags at once', () => {
    const imported = nothingPending();
    addChange(imported, change({ resource: 'flagset', key: 'flagset', environment: 'prod' }), 'shop');
    expect(imported.reload).toBe(true);
    const unreadable = nothingPending();
    addChange(unreadable, null, 'shop');
    expect(unreadable.reload).toBe(true);
    const many = nothingPending();
    for (let i = 0; i < MAX_FLAGS_PER_UPDATE; i++) addChange(many, change({ flag: `f${i}` }), 'shop');
    expect(many.reload).toBe(false);
    addChange(many, change({ flag: 'one-more' }), 'shop');
    expect(many.reload).toBe(true);
  });
});

describe('flags list: one flag replaced in key order', () => {
  const list = ['a', 'c', 'e'].map((k) => summary(k));
  const keys = (l: FlagSummary[]) => l.map((f) => `${f.key}${f.name === f.key ? '' : `=${f.name}`}`);

  it('adds, replaces and removes without touching the others', () => {
    expect(keys(withFlag(list, 'd', summary('d')))).toEqual(['a', 'c', 'd', 'e']);
    expect(keys(withFlag(list, 'f', summary('f')))).toEqual(['a', 'c', 'e', 'f']);
    expect(keys(withFlag(list, 'c', summary('c', 'renamed')))).toEqual(['a', 'c=renamed', 'e']);
    expect(keys(withFlag(list, 'a', null))).toEqual(['c', 'e']);
    expect(keys(withFlag(list, 'b', null))).toEqual(['a', 'c', 'e']);
    expect(keys(list)).toEqual(['a', 'c', 'e']);
  });
});
