import type { ResolutionDetails } from './types.js';

/** One step of an explained evaluation, in evaluation order. */
export interface ExplainStep {
  /**
   * JSON Pointer of the rule inside the flag definition, e.g. `/targeting/if/2`. A `ref` step is a
   * `{"$ref": name}` there: what the shared rule gave, without the steps inside it.
   */
  readonly path: string;
  readonly kind: 'state' | 'static' | 'condition' | 'fractional' | 'ref' | 'result' | 'error';
  /** Human-readable account of the step. */
  readonly message: string;
  /**
   * Structured facts, e.g. `{ bucketingKey, hash, bucket, totalWeight, variant }` for `fractional`,
   * `{ evaluator, value }` for `ref`.
   */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Why a context got the result it got: the resolution plus the steps that led to it. */
export interface Explanation {
  readonly flagKey: string;
  readonly details: ResolutionDetails;
  readonly steps: readonly ExplainStep[];
}
