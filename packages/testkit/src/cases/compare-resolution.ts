import type { EvaluationCase } from './evaluation-case-types.js';

/** The parts of a typed resolution a case checks. */
export interface CaseResolution {
  readonly value: unknown;
  readonly variant?: string;
  readonly reason?: string;
  readonly errorCode?: string;
  readonly flagMetadata?: Readonly<Record<string, unknown>>;
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * How a resolution differs from what a case expects, one line per difference (empty when it matches), so
 * every target judges a case the same way: `variant` and `errorCode` must be absent when the case gives
 * none, `flagMetadata` is compared only when the case gives it.
 */
export function resolutionMismatches(testCase: EvaluationCase, actual: CaseResolution): string[] {
  const { expected } = testCase;
  const mismatches: string[] = [];
  const compare = (field: string, want: unknown, got: unknown) => {
    if (!sameJson(want, got)) mismatches.push(`${field}: expected ${show(want)}, got ${show(got)}`);
  };
  compare('value', expected.value, actual.value);
  compare('variant', expected.variant, actual.variant);
  compare('reason', expected.reason, actual.reason);
  compare('errorCode', expected.errorCode, actual.errorCode);
  if (expected.flagMetadata !== undefined)
    compare('flagMetadata', expected.flagMetadata, actual.flagMetadata);
  return mismatches;
}
