import { FlagSet } from '@switchyard/core';
import { expect, test } from 'vitest';

// Operator results are evaluation cases (packages/testkit/cases/evaluation-cases.json); this checks the
// parse cache behind sem_ver, which only many evaluations in a row can show.
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
