import { describe, expect, it } from 'vitest';
import type { FlagSummary } from '../src/api/types.js';
import { facets, filterFlags, isStale, NO_FILTERS, staleReasons } from '../src/screens/flags/flag-filters.js';
import { flagKeyProblem } from '../src/screens/flags/flag-key-rule.js';

function flag(key: string, patch: Partial<FlagSummary> = {}): FlagSummary {
  return {
    key,
    name: key,
    description: '',
    kind: 'release',
    owner: '',
    tags: [],
    version: 1,
    archivedAt: null,
    environments: {},
    lifecycle: { stage: 'new' },
    stale: { reasons: [] },
    ...patch,
  };
}

const noCode = { code: 'no-code-references', message: 'no code references it' };

const FLAGS = [
  flag('new-checkout', { owner: 'shop', tags: ['web'], environments: { production: config('ENABLED') } }),
  flag('dark-mode', { kind: 'permission', owner: 'ui', tags: ['web', 'mobile'], description: 'Night theme' }),
  flag('old-banner', { lifecycle: { stage: 'stale' }, stale: { reasons: [noCode] } }),
  flag('unscanned'),
];

function config(state: 'ENABLED' | 'DISABLED') {
  return { state };
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

  it('follows the server’s stale reasons, and lists them for the badge', () => {
    expect(FLAGS.map(isStale)).toEqual([false, false, true, false]);
    const reason = { code: 'not-evaluated', message: 'no evaluations in 30 days' };
    const both = flag('a', { stale: { reasons: [reason, noCode] } });
    expect(isStale(both)).toBe(true);
    expect(staleReasons(both)).toBe('no evaluations in 30 days; no code references it');
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
