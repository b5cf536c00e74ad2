import { describe, expect, it } from 'vitest';
import type { Flag } from '../src/api/types.js';
import { facets, filterFlags, isStale, NO_FILTERS } from '../src/screens/flags/flag-filters.js';
import { flagKeyProblem } from '../src/screens/flags/flag-key-rule.js';

function flag(key: string, patch: Partial<Flag> = {}): Flag {
  return {
    key,
    name: key,
    description: '',
    kind: 'release',
    owner: '',
    tags: [],
    variants: { on: true, off: false },
    defaultVariant: 'off',
    safeVariant: 'off',
    version: 1,
    createdAt: '2026-11-30T00:00:00.000Z',
    updatedAt: '2026-11-30T00:00:00.000Z',
    environments: {},
    codeReferences: { references: 1, repositories: 1, lastUploadedAt: '2026-11-30T00:00:00.000Z' },
    ...patch,
  };
}

const FLAGS = [
  flag('new-checkout', { owner: 'shop', tags: ['web'], environments: { production: config('ENABLED') } }),
  flag('dark-mode', { kind: 'permission', owner: 'ui', tags: ['web', 'mobile'], description: 'Night theme' }),
  flag('old-banner', {
    codeReferences: { references: 0, repositories: 0, lastUploadedAt: '2026-11-30T00:00:00.000Z' },
  }),
  flag('unscanned', { codeReferences: { references: 0, repositories: 0, lastUploadedAt: null } }),
];

function config(state: 'ENABLED' | 'DISABLED') {
  return { state, defaultVariant: 'off', targeting: null, version: 1, updatedAt: '2026-11-30T00:00:00.000Z' };
}

const keys = (filters: Partial<typeof NO_FILTERS>) =>
  filterFlags(FLAGS, { ...NO_FILTERS, ...filters }).map((f) => f.key);

describe('flags list filters', () => {
  it('searches keys, names and descriptions, case-insensitively', () => {
    expect(keys({ search: 'CHECK' })).toEqual(['new-checkout']);
    expect(keys({ search: 'night' })).toEqual(['dark-mode']);
    expect(keys({})).toHaveLength(4);
  });

  it('filters by kind, owner, tag, state in an environment and staleness', () => {
    expect(keys({ kind: 'permission' })).toEqual(['dark-mode']);
    expect(keys({ owner: 'shop' })).toEqual(['new-checkout']);
    expect(keys({ tag: 'mobile' })).toEqual(['dark-mode']);
    expect(keys({ environment: 'production', state: 'ENABLED' })).toEqual(['new-checkout']);
    expect(keys({ environment: 'production', state: 'DISABLED' })).toEqual([
      'dark-mode',
      'old-banner',
      'unscanned',
    ]);
    expect(keys({ staleOnly: true })).toEqual(['old-banner']);
    expect(keys({ tag: 'web', owner: 'ui' })).toEqual(['dark-mode']);
  });

  it('calls a flag stale only when scanned code no longer names it (servers without lifecycle)', () => {
    expect(FLAGS.map(isStale)).toEqual([false, false, true, false]);
  });

  it('follows the server’s stale reasons when it gives them', () => {
    const reason = { code: 'unused', message: 'no evaluations in 30 days', since: null };
    expect(isStale(flag('a', { stale: { reasons: [reason] } }))).toBe(true);
    expect(isStale(flag('b', { stale: { reasons: [] }, codeReferences: FLAGS[2]!.codeReferences }))).toBe(
      false,
    );
  });

  it('lists owners and tags for the menus', () => {
    expect(facets(FLAGS)).toEqual({ owners: ['shop', 'ui'], tags: ['mobile', 'web'] });
  });
});

describe('new flag key, checked as it is typed', () => {
  it('accepts a key that follows the rule and is free', () => {
    expect(flagKeyProblem('new-checkout.v2_a', new Set())).toBeNull();
  });

  it('names the problem, with a suggestion when one fits', () => {
    expect(flagKeyProblem('', new Set())).toMatch(/Enter a key/);
    expect(flagKeyProblem('New Checkout', new Set())).toMatch(/Try "new-checkout"/);
    expect(flagKeyProblem('-x', new Set())).toMatch(/starting with a letter or digit/);
    expect(flagKeyProblem('taken', new Set(['taken']))).toMatch(/already exists/);
    expect(flagKeyProblem('a'.repeat(201), new Set())).toMatch(/At most 200/);
  });
});
