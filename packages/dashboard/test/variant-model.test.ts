import { describe, expect, it } from 'vitest';
import type { Flag, FlagConfig } from '../src/api/types.js';
import {
  draftsOf,
  newDraft,
  parseVariantValue,
  type VariantDraft,
  variantsPatch,
} from '../src/screens/flag/variant-model.js';

// The variants editor's model: the PATCH it sends, and the edits it refuses before the server would
// (or, for targeting, where the server would not look): names, values of the flag's type, and a
// variant that would disappear while something still serves it.

const config = (patch: Partial<FlagConfig> = {}): FlagConfig => ({
  state: 'ENABLED',
  defaultVariant: 'off',
  targeting: null,
  version: 1,
  updatedAt: '2026-01-01T00:00:00Z',
  ...patch,
});

const flag = (patch: Partial<Flag> = {}): Flag => ({
  key: 'checkout',
  name: 'checkout',
  description: '',
  kind: 'release',
  owner: '',
  tags: [],
  variants: { on: true, off: false, maybe: true },
  defaultVariant: 'off',
  safeVariant: null,
  version: 3,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  environments: { production: config(), staging: config({ defaultVariant: 'on' }) },
  codeReferences: { references: 0, repositories: 0, lastUploadedAt: null },
  ...patch,
});

const edit = (f: Flag, change: (drafts: VariantDraft[]) => VariantDraft[]) => {
  const { type, drafts } = draftsOf(f);
  return variantsPatch(f, type, change(drafts));
};
const rename = (from: string, to: string) => (ds: VariantDraft[]) =>
  ds.map((d) => (d.name === from ? { ...d, name: to } : d));
const without = (name: string) => (ds: VariantDraft[]) => ds.filter((d) => d.name !== name);

describe('parseVariantValue', () => {
  it('reads each type and says what is wrong', () => {
    expect(parseVariantValue(' true', 'boolean')).toEqual({ value: true });
    expect(parseVariantValue('yes', 'boolean')).toEqual({ error: 'must be true or false' });
    expect(parseVariantValue(' 2.5 ', 'number')).toEqual({ value: 2.5 });
    expect(parseVariantValue('', 'number')).toEqual({ error: 'must be a number, got ""' });
    expect(parseVariantValue(' spaced ', 'string')).toEqual({ value: ' spaced ' });
    expect(parseVariantValue('{"a": [1]}', 'object')).toEqual({ value: { a: [1] } });
    expect(parseVariantValue('[1]', 'object')).toEqual({
      error: 'must be a JSON object, like {"color": "blue"}',
    });
    expect(parseVariantValue('{"a":', 'object')).toMatchObject({
      error: expect.stringMatching(/^not valid JSON/),
    });
  });
});

describe('variantsPatch', () => {
  it('sends every variant with its new value, and an added one', () => {
    const f = flag({ variants: { blue: 'blue', green: 'green' }, environments: {} });
    const result = edit(f, (ds) => [
      ...ds.map((d) => (d.name === 'green' ? { ...d, value: 'lime' } : d)),
      { ...newDraft('string', ['blue', 'green']), name: 'red', value: 'red' },
    ]);
    expect(result).toEqual({ patch: { variants: { blue: 'blue', green: 'lime', red: 'red' } } });
  });

  it('removes and renames a variant nothing serves', () => {
    expect(edit(flag(), without('maybe'))).toEqual({ patch: { variants: { on: true, off: false } } });
    expect(edit(flag(), rename('maybe', 'perhaps'))).toEqual({
      patch: { variants: { on: true, off: false, perhaps: true } },
    });
  });

  it('refuses removing or renaming a default variant, naming the environment', () => {
    expect(edit(flag(), without('on'))).toEqual({
      issues: [
        {
          row: null,
          field: null,
          message:
            'cannot remove "on": it is the default variant in environment "staging". Change that first.',
        },
      ],
    });
    const renamed = edit(flag(), rename('off', 'disabled'));
    expect('issues' in renamed && renamed.issues.map((i) => [i.row, i.message])).toEqual([
      [1, 'cannot rename "off": it is the default variant in environment "production". Change that first.'],
    ]);
  });

  it('refuses removing a variant the targeting can serve, even behind a segment or in a split', () => {
    const f = flag({
      environments: {
        production: config({
          targeting: {
            if: [
              { $ref: 'staff' },
              {
                fractional: [
                  ['maybe', 50],
                  ['on', 50],
                ],
              },
              'off',
            ],
          },
        }),
      },
    });
    const result = edit(f, without('maybe'));
    expect('issues' in result && result.issues.map((i) => i.message)).toEqual([
      'cannot remove "maybe": the targeting in environment "production" can serve it. Change that first.',
    ]);
    // "on" appears only as a bucket of the split, and is refused all the same.
    const on = edit(f, without('on'));
    expect('issues' in on && on.issues.map((i) => i.message)).toEqual([
      'cannot remove "on": the targeting in environment "production" can serve it. Change that first.',
    ]);
  });

  it('carries a renamed safe variant over, and refuses removing it', () => {
    const f = flag({ safeVariant: 'maybe' });
    expect(edit(f, rename('maybe', 'perhaps'))).toEqual({
      patch: { variants: { on: true, off: false, perhaps: true }, safeVariant: 'perhaps' },
    });
    const removed = edit(f, without('maybe'));
    expect('issues' in removed && removed.issues[0]!.message).toMatch(
      /cannot remove "maybe": it is the flag's safe variant/,
    );
  });

  it('names empty, duplicate and mistyped rows', () => {
    const result = edit(flag({ environments: {} }), (ds) => [
      { ...ds[0]!, name: '' },
      { ...ds[1]!, name: 'maybe' },
      { ...ds[2]!, value: 'perhaps' },
    ]);
    expect('issues' in result && result.issues.map((i) => [i.row, i.field, i.message])).toEqual([
      [0, 'name', 'variant 1 needs a name'],
      [2, 'name', 'variant 3: variant 2 is already named "maybe"'],
      [2, 'value', 'variant 3 must be true or false'],
    ]);
  });

  it('refuses an empty set', () => {
    expect(edit(flag({ environments: {} }), () => [])).toEqual({
      issues: [{ row: null, field: null, message: 'a flag needs at least one variant' }],
    });
  });

  it('changes the value type when every value reads as the new type', () => {
    const f = flag({ variants: { a: 'a', b: 'b' }, environments: {} });
    const { drafts } = draftsOf(f);
    expect(
      variantsPatch(
        f,
        'number',
        drafts.map((d, i) => ({ ...d, value: String(i) })),
      ),
    ).toEqual({
      patch: { variants: { a: 0, b: 1 } },
    });
  });
});
