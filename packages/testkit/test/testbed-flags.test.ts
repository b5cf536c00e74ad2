import { describe, expect, it } from 'vitest';
import { deepMerge, loadLaunchpadFlags, loadTestkitFlags, locateFlagdTestbed } from '../src/index.js';

describe('deepMerge', () => {
  it('merges objects key-wise, later values winning, without touching the inputs', () => {
    const base = { flags: { a: { state: 'ENABLED' } }, $evaluators: { x: { in: [1] } }, list: [1, 2] };
    const overlay = { flags: { b: { state: 'DISABLED' } }, $evaluators: { x: { in: [3] } }, list: [9] };
    expect(deepMerge(base, overlay)).toEqual({
      flags: { a: { state: 'ENABLED' }, b: { state: 'DISABLED' } },
      $evaluators: { x: { in: [3] } },
      list: [9],
    });
    expect(base.flags).toEqual({ a: { state: 'ENABLED' } });
  });
});

const testbed = locateFlagdTestbed();

describe.skipIf(testbed === null)('testbed flag loaders', () => {
  it('merges flags/*.json except selector-* so zero-flags can use the is_ballmer evaluator', () => {
    const merged = loadLaunchpadFlags(testbed!) as { flags: Record<string, unknown>; $evaluators: object };
    expect(Object.keys(merged.$evaluators)).toContain('is_ballmer');
    expect(merged.flags).toHaveProperty('boolean-targeted-zero-flag');
    expect(merged.flags).toHaveProperty('changing-flag');
    expect(merged.flags).toHaveProperty('disabled-boolean-flag');
    expect(merged.flags).not.toHaveProperty('selector-flag');
    expect(merged).not.toHaveProperty('metadata');
  });

  it('loads the self-contained evaluator flag set', () => {
    const flags = loadTestkitFlags(testbed!) as { flags: Record<string, unknown>; $evaluators: object };
    expect(flags.flags).toHaveProperty('object-flag');
    expect(Object.keys(flags.$evaluators)).toContain('is_ballmer');
  });
});
