import { FlagSet } from '@switchyard/core';
import { describe, expect, test } from 'vitest';

/** Evaluates a rule by making it the targeting of a flag whose variants echo the rule's result. */
function run(rule: unknown, context: Record<string, unknown> = {}): unknown {
  const set = FlagSet.parse({
    flags: { probe: { state: 'ENABLED', variants: { x: 'x' }, defaultVariant: 'x', targeting: rule } },
  });
  const trace = set
    .explain('probe', context)
    .steps.find((s) => s.kind === 'result' && s.path === '/targeting');
  return (trace?.data as { result?: unknown } | undefined)?.result;
}

describe('standard JSON Logic operators', () => {
  test.each([
    [{ '==': [1, '1'] }, {}, true],
    [{ '===': [1, '1'] }, {}, false],
    [{ '!=': [1, 2] }, {}, true],
    [{ '!==': [1, 1] }, {}, false],
    [{ '>': [{ var: 'n' }, 5] }, { n: 6 }, true],
    [{ '>=': [{ var: 'n' }, 6] }, { n: 6 }, true],
    [{ '<': [1, { var: 'n' }, 10] }, { n: 5 }, true],
    [{ '<': [1, { var: 'n' }, 10] }, { n: 10 }, false],
    [{ '<=': [1, { var: 'n' }, 10] }, { n: 10 }, true],
    [{ '!': [[]] }, {}, true],
    [{ '!!': ['0'] }, {}, true],
    [{ and: [true, 'a', 0, 'b'] }, {}, 0],
    [{ or: [false, '', 'first', 'second'] }, {}, 'first'],
    [{ if: [false, 'a', false, 'b', 'c'] }, {}, 'c'],
    [{ if: [false, 'a'] }, {}, null],
    [{ '?:': [{ var: 'vip' }, 'yes', 'no'] }, { vip: true }, 'yes'],
    [{ log: [{ var: 'plan' }] }, { plan: 'pro' }, 'pro'],
    [{ '+': ['1', 2, 3.5] }, {}, 6.5],
    [{ '-': [10, 4] }, {}, 6],
    [{ '-': [3] }, {}, -3],
    [{ '*': [2, '3'] }, {}, 6],
    [{ '/': [9, 3] }, {}, 3],
    [{ '%': [10, 4] }, {}, 2],
    [{ min: [3, 1, 2] }, {}, 1],
    [{ max: [3, 1, 2] }, {}, 3],
    [{ in: ['b', ['a', 'b']] }, {}, true],
    [{ in: ['ell', 'hello'] }, {}, true],
    [{ in: ['x', { var: 'missing' }] }, {}, false],
    [{ cat: ['a', 1, null, 'b'] }, {}, 'a1b'],
    [{ substr: ['abcdef', 2] }, {}, 'cdef'],
    [{ substr: ['abcdef', -2] }, {}, 'ef'],
    [{ substr: ['abcdef', 1, 3] }, {}, 'bcd'],
    [{ substr: ['abcdef', 1, -2] }, {}, 'bcd'],
    [{ merge: [[1, 2], 3, [4]] }, {}, [1, 2, 3, 4]],
    [{ map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, { xs: [1, 2] }, [2, 4]],
    [{ filter: [{ var: 'xs' }, { '>': [{ var: '' }, 1] }] }, { xs: [1, 2, 3] }, [2, 3]],
    [
      { reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 10] },
      { xs: [1, 2] },
      13,
    ],
    [{ all: [{ var: 'xs' }, { '>': [{ var: '' }, 0] }] }, { xs: [1, 2] }, true],
    [{ all: [[], true] }, {}, false],
    [{ some: [{ var: 'xs' }, { '==': [{ var: '' }, 2] }] }, { xs: [1, 2] }, true],
    [{ none: [{ var: 'xs' }, { '==': [{ var: '' }, 3] }] }, { xs: [1, 2] }, true],
    [{ missing: ['a', 'b', 'c'] }, { a: 1, c: '' }, ['b', 'c']],
    [{ missing_some: [1, ['a', 'b']] }, { b: 1 }, []],
    [{ missing_some: [2, ['a', 'b']] }, { b: 1 }, ['a']],
    [{ var: 'user.plan' }, { user: { plan: 'pro' } }, 'pro'],
    [{ var: ['user.missing', 'fallback'] }, { user: {} }, 'fallback'],
    [{ var: 'list.1' }, { list: ['a', 'b'] }, 'b'],
    [{ var: 'constructor' }, {}, null],
    [{ var: '__proto__' }, {}, null],
    [{ var: '$flagd.flagKey' }, {}, 'probe'],
    [{ var: '$flagd.flagKey' }, { $flagd: { flagKey: 'spoofed' } }, 'probe'],
  ])('%j with %j → %j', (rule, context, expected) => {
    expect(run(rule, context)).toEqual(expected);
  });

  test('$flagd.timestamp is the current time in Unix seconds', () => {
    const before = Math.floor(Date.now() / 1000);
    const value = run({ var: '$flagd.timestamp' }) as number;
    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  test('var "" at the root sees the context with $flagd injected', () => {
    expect(run({ var: '' }, { a: 1 })).toMatchObject({ a: 1, $flagd: { flagKey: 'probe' } });
  });

  test('a multi-key object is literal data, not an operation', () => {
    expect(run({ if: [true, { a: 1, b: 2 }] })).toEqual({ a: 1, b: 2 });
  });

  test('an unknown operator fails the flag with PARSE_ERROR; other flags still work', () => {
    const set = FlagSet.parse({
      flags: {
        broken: { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'a', targeting: { invalid: [1] } },
        fine: { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'a' },
      },
    });
    expect(set.resolve('broken', {})).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(set.resolve('broken', {}).errorMessage).toMatch(/unknown operator "invalid"/);
    expect(set.resolve('fine', {})).toMatchObject({ value: 1, reason: 'STATIC' });
  });
});

describe('flagd custom operators', () => {
  test.each([
    [{ starts_with: [{ var: 'email' }, 'admin@'] }, { email: 'admin@x.io' }, true],
    [{ starts_with: [{ var: 'email' }, 'Admin@'] }, { email: 'admin@x.io' }, false],
    [{ ends_with: [{ var: 'email' }, '@x.io'] }, { email: 'admin@x.io' }, true],
    [{ ends_with: [{ var: 'id' }, '3'] }, { id: 123 }, null],
    [{ starts_with: [{ var: 'email' }] }, { email: 'a' }, null],
    [{ sem_ver: [{ var: 'v' }, '>=', '2.3.0'] }, { v: '2.3.0' }, true],
    [{ sem_ver: [{ var: 'v' }, '>=', '2.3.0'] }, { v: '2.3.0-rc.1' }, false],
    [{ sem_ver: [{ var: 'v' }, '<', '2.0.0'] }, { v: '2.0.0-alpha' }, true],
    [{ sem_ver: [{ var: 'v' }, '=', '1.2.3'] }, { v: 'v1.2.3+build.5' }, true],
    [{ sem_ver: [{ var: 'v' }, '=', '1.2.0'] }, { v: '1.2' }, true],
    [{ sem_ver: [{ var: 'v' }, '=', '1.0.0'] }, { v: 1 }, true],
    [{ sem_ver: [{ var: 'v' }, '>', '1.1.0'] }, { v: 1.2 }, true],
    [{ sem_ver: [{ var: 'v' }, '~', '3.0.9'] }, { v: '3.0.5' }, true],
    [{ sem_ver: [{ var: 'v' }, '~', '3.1.0'] }, { v: '3.0.5' }, false],
    [{ sem_ver: [{ var: 'v' }, '^', '3.9.9'] }, { v: '3.0.0' }, true],
    [{ sem_ver: [{ var: 'v' }, '^', '4.0.0'] }, { v: '3.0.0' }, false],
    [{ sem_ver: [{ var: 'v' }, '>', '1.0.0'] }, { v: '2.0.0.0' }, null],
    [{ sem_ver: [{ var: 'v' }, '>', '1.0.0'] }, { v: 'not-a-version' }, null],
    [{ sem_ver: [{ var: 'v' }, '===', '1.0.0'] }, { v: '1.0.0' }, null],
    [{ sem_ver: [{ var: 'v' }, '>', '1.0.0'] }, { v: '01.2.3' }, null],
    [{ sem_ver: [{ var: 'v' }, '>', '1.0.0-alpha.1'] }, { v: '1.0.0-alpha.beta' }, true],
    [{ sem_ver: [{ var: 'v' }, '<', '1.0.0-alpha.10'] }, { v: '1.0.0-alpha.9' }, true],
    [{ sem_ver: [{ var: 'v' }, '>', '99999999999999999998.0.0'] }, { v: '99999999999999999999.0.0' }, true],
    [{ sem_ver: [{ var: 'v' }, { var: 'op' }, '1.0.0'] }, { v: '2.0.0', op: '>' }, true],
  ])('%j with %j → %j', (rule, context, expected) => {
    expect(run(rule, context)).toEqual(expected);
  });

  test('the same version string keeps evaluating the same after the parse cache fills', () => {
    const set = FlagSet.parse({
      flags: {
        f: {
          state: 'ENABLED',
          variants: { new: 1, old: 0 },
          defaultVariant: 'old',
          targeting: { if: [{ sem_ver: [{ var: 'v' }, '>=', '2.0.0'] }, 'new', 'old'] },
        },
      },
    });
    for (let i = 0; i < 2000; i++) {
      const v = `${i % 4}.${i}.0`;
      expect(set.resolve('f', { v }).variant).toBe(i % 4 >= 2 ? 'new' : 'old');
    }
  });
});
