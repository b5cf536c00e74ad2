/**
 * The flag set the benchmark serves: one targeted flag (the single-flag target) among `count`
 * flags of mixed kinds, so the bulk endpoint evaluates a realistic set.
 */
export const SINGLE_FLAG_KEY = 'checkout-redesign';

export const REQUEST_CONTEXT = {
  targetingKey: 'user-4711',
  email: 'ada@example.com',
  plan: 'pro',
  country: 'DE',
};

export function buildBenchFlags(count = 50) {
  const flags = {
    [SINGLE_FLAG_KEY]: {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: {
        if: [
          {
            and: [
              { ends_with: [{ var: 'email' }, '@example.com'] },
              { in: [{ var: 'plan' }, ['pro', 'enterprise']] },
            ],
          },
          'on',
          null,
        ],
      },
    },
  };
  for (let i = 1; i < count; i++) {
    const key = `flag-${String(i).padStart(3, '0')}`;
    switch (i % 4) {
      case 0:
        flags[key] = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' };
        break;
      case 1:
        flags[key] = {
          state: 'ENABLED',
          variants: { a: 'control', b: 'treatment' },
          defaultVariant: 'a',
          targeting: { fractional: [{ var: 'targetingKey' }, ['a', 50], ['b', 50]] },
        };
        break;
      case 2:
        flags[key] = {
          state: 'ENABLED',
          variants: { low: 10, high: 100 },
          defaultVariant: 'low',
          targeting: { if: [{ '==': [{ var: 'country' }, 'DE'] }, 'high', null] },
        };
        break;
      default:
        flags[key] = { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
    }
  }
  return { flags };
}
