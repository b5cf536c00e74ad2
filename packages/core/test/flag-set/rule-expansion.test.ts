import {
  FlagSet,
  FlagSetValidationError,
  MAX_EXPANDED_RULE_DEPTH,
  MAX_EXPANDED_RULE_SIZE,
} from '@switchyard/core';
import { describe, expect, test } from 'vitest';

/** `s0 = x == 1`, `sN = or(sN-1, sN-1)`: each level doubles the rule once `$ref`s are expanded. */
function doublingRules(levels: number): Record<string, unknown> {
  const rules: Record<string, unknown> = { s0: { '==': [{ var: 'x' }, 1] } };
  for (let i = 1; i <= levels; i++) rules[`s${i}`] = { or: [{ $ref: `s${i - 1}` }, { $ref: `s${i - 1}` }] };
  return rules;
}

/** `e0 = x == 1`, `eN` = `!!` nested `depth` times around `{"$ref": "eN-1"}`. */
function chainedRules(count: number, depth: number): Record<string, unknown> {
  const rules: Record<string, unknown> = { e0: { '==': [{ var: 'x' }, 1] } };
  for (let i = 1; i < count; i++) {
    let rule: unknown = { $ref: `e${i - 1}` };
    for (let d = 0; d < depth; d++) rule = { '!!': [rule] };
    rules[`e${i}`] = rule;
  }
  return rules;
}

const booleanFlag = (targeting: unknown) => ({
  state: 'ENABLED',
  variants: { true: true, false: false },
  defaultVariant: 'false',
  targeting,
});

const plainFlag = { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' };

function timed<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: performance.now() - started };
}

describe('rules that refer to each other twice per level (exponential expansion)', () => {
  // s14 expands to 81,919 nodes (within the limit), s15 to 163,839, s40 to 5,497,558,138,879.
  const doc = {
    $evaluators: doublingRules(40),
    flags: {
      small: booleanFlag({ $ref: 's10' }),
      largest: booleanFlag({ $ref: 's14' }),
      huge: booleanFlag({ $ref: 's40' }),
      plain: plainFlag,
    },
  };
  const text = JSON.stringify(doc);

  test('the limits are exported with their documented values', () => {
    expect(MAX_EXPANDED_RULE_SIZE).toBe(100_000);
    expect(MAX_EXPANDED_RULE_DEPTH).toBe(200);
  });

  test('parsing is linear: 40 levels load in well under a second', () => {
    const { result: set, ms } = timed(() => FlagSet.parse(text));
    expect(ms).toBeLessThan(1_000);
    expect(set.resolveBoolean('small', false, { x: 1 })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
    expect(set.resolveBoolean('small', true, { x: 2 })).toMatchObject({
      value: false,
      reason: 'TARGETING_MATCH',
    });
    expect(set.resolveBoolean('largest', false, { x: 1 })).toMatchObject({ value: true });
    expect(set.resolveBoolean('plain', false)).toMatchObject({ value: true, reason: 'STATIC' });
  });

  test('lenient parsing: the flag past the size limit is PARSE_ERROR, naming the limit and its size', () => {
    const set = FlagSet.parse(text);
    const details = set.resolveBoolean('huge', true, { x: 1 });
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(details.errorMessage).toMatch(/5,497,558,138,879 nodes/);
    expect(details.errorMessage).toMatch(/limit is 100,000 nodes/);
  });

  test('evaluation of the largest allowed flag stays bounded (false subtrees run everywhere)', () => {
    const set = FlagSet.parse(text);
    const { ms } = timed(() => set.resolveBoolean('largest', true, { x: 2 }));
    expect(ms).toBeLessThan(500);
  });

  test('strict validation is linear and reports each rule and flag past the limit', () => {
    const { result: issues, ms } = timed(() => FlagSet.validate(text));
    expect(ms).toBeLessThan(1_000);
    expect(issues).toContainEqual({
      path: '/flags/huge/targeting',
      message: expect.stringMatching(/^targeting has 5,497,558,138,879 nodes .*limit is 100,000 nodes/),
    });
    expect(issues).toContainEqual({
      path: '/$evaluators/s15',
      message: expect.stringMatching(/^evaluator "s15" has 163,839 nodes .*limit is 100,000 nodes/),
    });
    const paths = issues.map((issue) => issue.path);
    expect(paths).not.toContain('/$evaluators/s14');
    expect(paths).not.toContain('/flags/largest/targeting');
    expect(paths).not.toContain('/flags/small/targeting');
    expect(() => FlagSet.parse(text, { strict: true })).toThrow(FlagSetValidationError);
  });

  test('explain stays linear: a $ref is one step, not the expanded rule', () => {
    const set = FlagSet.parse(text);
    const { result: explanation, ms } = timed(() => set.explain('largest', { x: 1 }));
    expect(ms).toBeLessThan(500);
    expect(explanation.details).toMatchObject({ variant: 'true', reason: 'TARGETING_MATCH' });
    expect(explanation.steps).toContainEqual({
      path: '/targeting',
      kind: 'ref',
      message: 'evaluator "s14" gave true',
      data: { evaluator: 's14', value: true },
    });
    expect(explanation.steps.length).toBeLessThan(10);
  });
});

describe('a long chain of deep rules (deeper than the stack once expanded)', () => {
  // 150 rules, each 60 levels around a reference to the previous one: 8,943 levels expanded.
  const doc = {
    $evaluators: chainedRules(150, 60),
    flags: { deep: booleanFlag({ $ref: 'e149' }), shallow: booleanFlag({ $ref: 'e2' }), plain: plainFlag },
  };

  test('validation reports the depth, naming the limit and the depth, without throwing', () => {
    const issues = FlagSet.validate(doc);
    expect(issues).toContainEqual({
      path: '/flags/deep/targeting',
      message: 'targeting nests 8,943 levels deep with every $ref expanded; the limit is 200 levels',
    });
    expect(issues).toContainEqual({
      path: '/$evaluators/e4',
      message: expect.stringMatching(/^evaluator "e4" nests 243 levels deep .*limit is 200 levels$/),
    });
    expect(issues.map((issue) => issue.path)).not.toContain('/$evaluators/e3');
    expect(issues.map((issue) => issue.path)).not.toContain('/flags/shallow/targeting');
  });

  test('strict parsing throws the validation error; lenient parsing refuses only that flag', () => {
    try {
      FlagSet.parse(doc, { strict: true });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FlagSetValidationError);
      expect((error as FlagSetValidationError).issues).toContainEqual({
        path: '/flags/deep/targeting',
        message: expect.stringMatching(/8,943 levels deep/),
      });
    }
    const set = FlagSet.parse(doc);
    expect(set.resolveBoolean('deep', false, { x: 1 })).toMatchObject({
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
      errorMessage: expect.stringMatching(/8,943 levels deep.*limit is 200 levels/),
    });
    expect(set.resolveBoolean('shallow', false, { x: 1 })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
    expect(set.resolveBoolean('plain', false)).toMatchObject({ value: true });
  });

  test('a rule nested 10,000 levels in its own JSON is refused the same way', () => {
    let rule: unknown = { var: 'x' };
    for (let i = 0; i < 10_000; i++) rule = { '!!': [rule] };
    const nested = {
      $evaluators: { deep: rule },
      flags: { own: booleanFlag(rule), ref: booleanFlag({ $ref: 'deep' }) },
    };
    const issues = FlagSet.validate(nested);
    expect(issues).toContainEqual({
      path: '/flags/own/targeting',
      message: 'targeting nests more than 200 levels deep with every $ref expanded; the limit is 200 levels',
    });
    expect(issues).toContainEqual({
      path: '/flags/ref/targeting',
      message: expect.stringMatching(/more than 200/),
    });
    expect(issues).toContainEqual({
      path: '/$evaluators/deep',
      message: expect.stringMatching(/more than 200/),
    });
    const set = FlagSet.parse(nested);
    expect(set.resolveBoolean('own', false)).toMatchObject({ errorCode: 'PARSE_ERROR' });
    expect(set.resolveBoolean('ref', false)).toMatchObject({ errorCode: 'PARSE_ERROR' });
  });
});

describe('the limits are exact', () => {
  /** `!!` nested so that the rule is `levels` deep: each `!!` is a level, the innermost `true` one more. */
  const nestedTo = (levels: number) => {
    let rule: unknown = true;
    for (let i = 1; i < levels; i++) rule = { '!!': rule };
    return rule;
  };
  /** An `or` of `count - 1` literal arguments: `count` nodes. */
  const sizedTo = (count: number) => ({ or: new Array(count - 1).fill(false) });

  test.each([
    ['depth', nestedTo(MAX_EXPANDED_RULE_DEPTH), nestedTo(MAX_EXPANDED_RULE_DEPTH + 1), /201 levels/],
    ['size', sizedTo(MAX_EXPANDED_RULE_SIZE), sizedTo(MAX_EXPANDED_RULE_SIZE + 1), /100,001 nodes/],
  ])('%s: at the limit passes, one more is refused', (_name, atLimit, beyond, message) => {
    expect(FlagSet.validate({ flags: { f: booleanFlag(atLimit) } })).toEqual([]);
    expect(FlagSet.parse({ flags: { f: booleanFlag(atLimit) } }).resolve('f').errorCode).toBeUndefined();
    expect(FlagSet.validate({ flags: { f: booleanFlag(beyond) } })).toEqual([
      { path: '/flags/f/targeting', message: expect.stringMatching(message) },
    ]);
    expect(FlagSet.parse({ flags: { f: booleanFlag(beyond) } }).resolve('f').errorCode).toBe('PARSE_ERROR');
  });

  test('a literal list counts as one node, however long', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `user-${i}`);
    const flag = booleanFlag({ in: [{ var: 'targetingKey' }, ids] });
    expect(FlagSet.validate({ flags: { f: flag } })).toEqual([]);
    expect(
      FlagSet.parse({ flags: { f: flag } }).resolveBoolean('f', false, { targetingKey: 'user-7' }).value,
    ).toBe(true);
  });
});

describe('cycles and returned variants through $ref', () => {
  test('a cycle is reported at each rule on it; a flag using it is PARSE_ERROR', () => {
    const doc = {
      $evaluators: { a: { or: [{ var: 'x' }, { $ref: 'b' }] }, b: { '!': { $ref: 'a' } }, c: { $ref: 'a' } },
      flags: { f: booleanFlag({ $ref: 'c' }), plain: plainFlag },
    };
    expect(FlagSet.validate(doc)).toEqual([
      { path: '/$evaluators/a', message: 'evaluator "a" refers to itself (a → b → a)' },
      { path: '/$evaluators/b', message: 'evaluator "b" refers to itself (b → a → b)' },
      { path: '/$evaluators/c', message: 'uses evaluator "a", which refers to itself (a → b → a)' },
    ]);
    const set = FlagSet.parse(doc);
    expect(set.resolve('f')).toMatchObject({
      errorCode: 'PARSE_ERROR',
      errorMessage: 'targeting uses evaluator "a", which refers to itself (a → b → a)',
    });
    expect(set.resolve('plain')).toMatchObject({ reason: 'STATIC' });
  });

  test('a variant a shared rule can return is checked at the $ref, naming where it comes from', () => {
    const doc = {
      $evaluators: {
        pick: { if: [{ var: 'vip' }, 'gold', 'silver'] },
        outer: { if: [{ var: 'x' }, { $ref: 'pick' }] },
      },
      flags: {
        f: {
          state: 'ENABLED',
          variants: { gold: 1, bronze: 0 },
          defaultVariant: 'bronze',
          targeting: { if: [{ var: 'on' }, { $ref: 'outer' }, 'bronze'] },
        },
      },
    };
    expect(FlagSet.validate(doc)).toEqual([
      {
        path: '/flags/f/targeting/if/1',
        message:
          'targeting can return "silver" (through $ref, from /$evaluators/pick/if/2), which is not one of the variants of "f"',
      },
    ]);
  });

  test('an evaluator that does not compile fails the flags using it, once each', () => {
    const doc = {
      $evaluators: { broken: { nope: [1] } },
      flags: { f: booleanFlag({ $ref: 'broken' }), g: booleanFlag({ '!': { $ref: 'broken' } }) },
    };
    const set = FlagSet.parse(doc);
    for (const key of ['f', 'g'])
      expect(set.resolve(key)).toMatchObject({
        errorCode: 'PARSE_ERROR',
        errorMessage: expect.stringMatching(/evaluator "broken": unknown operator "nope"/),
      });
  });
});

describe('the flag key inside a shared rule', () => {
  const doc = {
    $evaluators: { tagged: { cat: [{ var: 'probe' }, '-', { var: '$flagd.flagKey' }] } },
    flags: {
      a: {
        state: 'ENABLED',
        variants: { 'outer-a': 'A' },
        defaultVariant: 'outer-a',
        targeting: { $ref: 'tagged' },
      },
      b: {
        state: 'ENABLED',
        variants: { 'inner-b': 'B' },
        defaultVariant: 'inner-b',
        targeting: { $ref: 'tagged' },
      },
    },
  };

  test('survives a resolution nested inside it (a context getter resolving another flag)', () => {
    const set = FlagSet.parse(doc);
    let nested: unknown;
    let depth = 0;
    const context = Object.defineProperty({}, 'probe', {
      enumerable: true,
      get() {
        depth++;
        if (depth > 1) return 'inner';
        nested = set.resolve('b', context).variant;
        return 'outer';
      },
    });
    expect(set.resolve('a', context)).toMatchObject({ variant: 'outer-a', reason: 'TARGETING_MATCH' });
    expect(nested).toBe('inner-b');
  });

  test('is right again after a shared rule threw', () => {
    const set = FlagSet.parse(doc);
    const throwing = Object.defineProperty({}, 'probe', {
      get() {
        throw new Error('boom');
      },
    });
    expect(set.resolve('a', throwing)).toMatchObject({ errorCode: 'GENERAL' });
    expect(set.resolve('b', { probe: 'inner' })).toMatchObject({ variant: 'inner-b' });
    expect(set.explain('a', { probe: 'outer' }).details).toMatchObject({ variant: 'outer-a' });
  });
});
