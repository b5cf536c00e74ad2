import { type EvaluationContext, FlagSet, type FlagSetDocument } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { type CombinationSource, combineFlagDocuments } from '../src/index.js';

const source = (file: string, document: Record<string, unknown>): CombinationSource => ({
  file,
  document: document as unknown as FlagSetDocument,
});
const onOff = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
const ifRef = (name: string) => ({ ...onOff, targeting: { if: [{ $ref: name }, 'on', 'off'] } });
const planIs = (plan: string) => ({ '==': [{ var: 'plan' }, plan] });

/** What flagd answers: the flag from the last file defining it, evaluated within that file alone. */
function perFileAnswer(sources: readonly CombinationSource[], key: string, context: EvaluationContext) {
  const owner = sources.findLast((s) => Object.hasOwn(s.document.flags, key))!;
  return FlagSet.parse(owner.document).resolve(key, context);
}

function expectSameAnswers(sources: readonly CombinationSource[], contexts: EvaluationContext[]) {
  const combined = FlagSet.parse(combineFlagDocuments(sources).document);
  for (const key of combined.flagKeys) {
    for (const context of contexts) {
      expect(combined.resolve(key, context), `${key} ${JSON.stringify(context)}`).toEqual(
        perFileAnswer(sources, key, context),
      );
    }
  }
}

describe('combineFlagDocuments', () => {
  it('passes one file through, leaving out top-level members no evaluator reads', () => {
    const document = {
      $schema: 'https://flagd.dev/schema/v0/flags.json',
      flags: { a: ifRef('pro'), b: onOff },
      $evaluators: { pro: planIs('pro') },
      metadata: { flagSetId: 'web', nested: { not: 'scalar' } },
      owner: 'someone',
    };
    const { owner: _owner, ...known } = document;
    const combined = combineFlagDocuments([source('a.json', document)]);
    expect(combined.document).toEqual(known);
    expect(combined.owners).toEqual(
      new Map([
        ['a', 'a.json'],
        ['b', 'a.json'],
      ]),
    );
    expect(combined.renamedEvaluators).toEqual([]);
    expect(combined.borrowedRefs).toEqual([]);
  });

  it('takes a flag from the last file defining it, keeping the position of its first definition', () => {
    const combined = combineFlagDocuments([
      source('base.json', { flags: { a: onOff, b: onOff, c: onOff } }),
      source('override.yaml', { flags: { d: onOff, b: { ...onOff, defaultVariant: 'on' } } }),
    ]);
    expect(Object.keys(combined.document.flags)).toEqual(['a', 'b', 'c', 'd']);
    expect(combined.document.flags.b?.defaultVariant).toBe('on');
    expect(combined.owners.get('b')).toBe('override.yaml');
    expect(combined.owners.get('a')).toBe('base.json');
    expect(combined.document).not.toHaveProperty('$evaluators');
    expect(combined.document).not.toHaveProperty('metadata');
  });

  it('keeps each file its own evaluators: a name given different rules is renamed in the earlier file', () => {
    const sources = [
      source('a.json', {
        flags: { fromA: ifRef('special'), viaA: ifRef('wrapper') },
        $evaluators: { special: planIs('pro'), wrapper: { '!': [{ $ref: 'special' }] } },
      }),
      source('b.json', { flags: { fromB: ifRef('special') }, $evaluators: { special: planIs('free') } }),
    ];
    const combined = combineFlagDocuments(sources);
    expect(combined.document.$evaluators).toEqual({
      special: planIs('free'),
      'special@1': planIs('pro'),
      wrapper: { '!': [{ $ref: 'special@1' }] },
    });
    expect(combined.document.flags.fromA?.targeting).toEqual({ if: [{ $ref: 'special@1' }, 'on', 'off'] });
    expect(combined.document.flags.fromB?.targeting).toEqual({ if: [{ $ref: 'special' }, 'on', 'off'] });
    expect(combined.renamedEvaluators).toEqual([
      { file: 'a.json', name: 'special', publishedName: 'special@1' },
    ]);
    expectSameAnswers(sources, [{ plan: 'pro' }, { plan: 'free' }, {}]);
  });

  it('publishes a rule defined alike in several files once', () => {
    const rule = { and: [planIs('pro'), { '>': [{ var: 'seats' }, 10] }] };
    const combined = combineFlagDocuments([
      source('a.json', { flags: { a: ifRef('big') }, $evaluators: { big: rule } }),
      source('b.json', { flags: { b: ifRef('big') }, $evaluators: { big: structuredClone(rule) } }),
      source('c.json', { flags: { c: ifRef('x') }, $evaluators: { x: { in: ['@', { var: 'email' }] } } }),
    ]);
    expect(Object.keys(combined.document.$evaluators ?? {})).toEqual(['big', 'x']);
    expect(combined.renamedEvaluators).toEqual([]);
  });

  it('compares rules by what they mean: the same text over different nested rules is two rules', () => {
    const sources = [
      source('a.json', {
        flags: { a: ifRef('outer') },
        $evaluators: { outer: { '!': [{ $ref: 'inner' }] }, inner: planIs('pro') },
      }),
      source('b.json', {
        flags: { b: ifRef('outer') },
        $evaluators: { outer: { '!': [{ $ref: 'inner' }] }, inner: planIs('free') },
      }),
    ];
    const combined = combineFlagDocuments(sources);
    expect(combined.renamedEvaluators.map((r) => r.publishedName).sort()).toEqual(['inner@1', 'outer@1']);
    expectSameAnswers(sources, [{ plan: 'pro' }, { plan: 'free' }]);
  });

  it('gives identical rules with differing key order one name', () => {
    const combined = combineFlagDocuments([
      source('a.json', {
        flags: {},
        $evaluators: { r: { fractional: [{ var: 'id' }, ['a', 1], ['b', 1]], x: 1 } },
      }),
      source('b.json', {
        flags: {},
        $evaluators: { r: { x: 1, fractional: [{ var: 'id' }, ['a', 1], ['b', 1]] } },
      }),
    ]);
    expect(Object.keys(combined.document.$evaluators ?? {})).toEqual(['r']);
  });

  it('never shares evaluator cycles of different files; their flags answer PARSE_ERROR as in each file', () => {
    const cycle = { x: { '!': [{ $ref: 'y' }] }, y: { '!': [{ $ref: 'x' }] } };
    const combined = combineFlagDocuments([
      source('a.json', { flags: { a: ifRef('x') }, $evaluators: cycle }),
      source('b.json', { flags: { b: ifRef('y') }, $evaluators: structuredClone(cycle) }),
    ]);
    expect(combined.renamedEvaluators.map((r) => r.publishedName)).toEqual(['x@1', 'y@1']);
    const set = FlagSet.parse(combined.document);
    expect(set.resolve('a', {}).errorCode).toBe('PARSE_ERROR');
    expect(set.resolve('b', {}).errorCode).toBe('PARSE_ERROR');
  });

  it('never renames onto a name some file defines or refers to', () => {
    const sources = [
      source('a.json', { flags: { a: ifRef('n') }, $evaluators: { n: planIs('a'), 'n@1-2': planIs('x') } }),
      source('b.json', { flags: { b: ifRef('n') }, $evaluators: { n: planIs('b') } }),
      source('c.json', { flags: { c: ifRef('n@1') } }),
    ];
    const combined = combineFlagDocuments(sources);
    expect(combined.renamedEvaluators).toEqual([{ file: 'a.json', name: 'n', publishedName: 'n@1-3' }]);
    // c.json's $ref names no evaluator anywhere and must stay unresolved, as it would be in flagd.
    expect(FlagSet.parse(combined.document).resolve('c', {}).errorCode).toBe('PARSE_ERROR');
    expectSameAnswers(sources, [{ plan: 'a' }, { plan: 'b' }]);
  });

  it("resolves a name a file does not define with the last other file's evaluator, and says so", () => {
    const combined = combineFlagDocuments([
      source('one.json', { flags: {}, $evaluators: { staff: planIs('one') } }),
      source('two.json', { flags: {}, $evaluators: { staff: planIs('two') } }),
      {
        ...source('zero.json', { flags: { z: ifRef('staff'), y: ifRef('nowhere') } }),
        flagPaths: new Map([
          ['z', '/flags/0'],
          ['y', '/flags/1'],
        ]),
      },
    ]);
    expect(combined.borrowedRefs).toEqual([
      { file: 'zero.json', path: '/flags/0/targeting/if/0', name: 'staff', from: 'two.json' },
    ]);
    const set = FlagSet.parse(combined.document);
    expect(set.resolve('z', { plan: 'two' })).toMatchObject({ variant: 'on', reason: 'TARGETING_MATCH' });
    expect(set.resolve('y', {}).errorCode).toBe('PARSE_ERROR');
  });

  it("keeps each file's flag-set metadata: shared entries stay, the rest moves into that file's flags", () => {
    const sources = [
      source('a.json', {
        flags: { a: onOff, own: { ...onOff, metadata: { team: 'flag', list: 'kept', extra: 1 } } },
        metadata: { flagSetId: 'shop', team: 'web', version: '1', list: ['x'] },
      }),
      source('b.json', { flags: { b: onOff }, metadata: { flagSetId: 'shop', team: 'api', version: 1 } }),
      source('c.json', { flags: { c: onOff }, metadata: { flagSetId: 'shop' } }),
    ];
    const combined = combineFlagDocuments(sources);
    expect(combined.document.metadata).toEqual({ flagSetId: 'shop' });
    expect(combined.document.flags.a?.metadata).toEqual({ team: 'web', version: '1' });
    expect(combined.document.flags.own?.metadata).toEqual({
      team: 'flag',
      version: '1',
      list: 'kept',
      extra: 1,
    });
    expect(combined.document.flags.b?.metadata).toEqual({ team: 'api', version: 1 });
    expect(combined.document.flags.c).not.toHaveProperty('metadata');
    expectSameAnswers(sources, [{}]);
  });

  it('a flag value that is not a scalar does not hide the set value flagd would answer', () => {
    const sources = [
      source('a.json', {
        flags: { a: { ...onOff, metadata: { team: { nested: true } } } },
        metadata: { team: 'web' },
      }),
      source('b.json', { flags: { b: onOff } }),
    ];
    expect(combineFlagDocuments(sources).document.flags.a?.metadata).toEqual({ team: 'web' });
    expectSameAnswers(sources, [{}]);
  });

  it('drops the flag-set metadata when a file has none, so its flags answer without it', () => {
    const sources = [
      source('a.json', { flags: { a: onOff }, metadata: { team: 'web' } }),
      source('b.json', { flags: { b: onOff } }),
    ];
    const combined = combineFlagDocuments(sources);
    expect(combined.document).not.toHaveProperty('metadata');
    expect(FlagSet.parse(combined.document).resolve('b', {}).flagMetadata).toEqual({});
    expect(FlagSet.parse(combined.document).resolve('a', {}).flagMetadata).toEqual({ team: 'web' });
  });

  it('keeps $schema only when the files agree on it', () => {
    const schema = 'https://flagd.dev/schema/v0/flags.json';
    const agree = combineFlagDocuments([
      source('a.json', { $schema: schema, flags: {} }),
      source('b.json', { flags: {} }),
      source('c.json', { $schema: schema, flags: {} }),
    ]);
    expect(agree.document.$schema).toBe(schema);
    const disagree = combineFlagDocuments([
      source('a.json', { $schema: schema, flags: {} }),
      source('b.json', { $schema: 'other', flags: {} }),
    ]);
    expect(disagree.document).not.toHaveProperty('$schema');
  });

  it('keeps flags and evaluators named like Object.prototype members as ordinary entries', () => {
    const flags = JSON.parse(`{"__proto__": ${JSON.stringify(ifRef('__proto__'))}}`);
    const evaluators = JSON.parse(`{"__proto__": ${JSON.stringify(planIs('pro'))}}`);
    const combined = combineFlagDocuments([
      source('a.json', { flags, $evaluators: evaluators }),
      source('b.json', { flags: { b: onOff } }),
    ]);
    expect(Object.keys(combined.document.flags)).toEqual(['__proto__', 'b']);
    expect(Object.keys(combined.document.$evaluators ?? {})).toEqual(['__proto__']);
    expect(FlagSet.parse(combined.document).resolve('__proto__', { plan: 'pro' }).variant).toBe('on');
  });

  it('refuses to combine nothing', () => {
    expect(() => combineFlagDocuments([])).toThrow(RangeError);
  });
});
