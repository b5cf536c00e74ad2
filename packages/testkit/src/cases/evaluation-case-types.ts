/** The format version of `cases/evaluation-cases.json`; a runner refuses a file of another version. */
export const EVALUATION_CASES_VERSION = 1;

/**
 * Properties of a case that some evaluators cannot run; each is described in the file itself.
 * - `invalid-flag-set`: the flag set fails strict validation, so whatever accepts only valid documents
 *   (a database-backed server's import) cannot load it; lenient evaluators run the case.
 * - `context-types`: the context holds values JSON cannot carry (cyclic objects, getters that throw, a
 *   `Date`, a `BigInt` …); only in-process evaluators can be given it.
 * - `large-context`: the context is JSON but generated large (deep nesting, long strings, long arrays);
 *   a remote evaluator's request limits may refuse it before evaluation.
 * - `proto-keys`: the context owns an attribute named `__proto__`; an evaluator that drops such keys
 *   from requests (a prototype-pollution guard) cannot run it.
 */
export const EVALUATION_CASE_TAGS = [
  'invalid-flag-set',
  'context-types',
  'large-context',
  'proto-keys',
] as const;
export type EvaluationCaseTag = (typeof EVALUATION_CASE_TAGS)[number];

export const CASE_VALUE_TYPES = ['boolean', 'string', 'number', 'object'] as const;
/** Which typed accessor a case calls (OpenFeature: getBooleanValue, getStringValue, …). */
export type CaseValueType = (typeof CASE_VALUE_TYPES)[number];

export const CASE_REASONS = ['STATIC', 'TARGETING_MATCH', 'DEFAULT', 'DISABLED', 'ERROR'] as const;
export const CASE_ERROR_CODES = ['FLAG_NOT_FOUND', 'PARSE_ERROR', 'TYPE_MISMATCH', 'GENERAL'] as const;

export type CaseJson = null | boolean | number | string | CaseJson[] | { [key: string]: CaseJson };

/**
 * What the typed resolution must give. `value` is what the caller gets (its default when the flag gives
 * none). An absent `variant` or `errorCode` means the resolution has none; an absent `flagMetadata` is not
 * checked, a present one must match exactly.
 */
export interface ExpectedResolution {
  readonly value: CaseJson;
  readonly variant?: string;
  readonly reason: (typeof CASE_REASONS)[number];
  readonly errorCode?: (typeof CASE_ERROR_CODES)[number];
  readonly flagMetadata?: Readonly<Record<string, string | number | boolean>>;
}

/** One evaluation: resolve `flag` of `flagSet` with the typed accessor `type` for `context`. */
export interface EvaluationCase {
  /** Unique in the file; says what the case shows. */
  readonly name: string;
  /** The shared flag set's name, or undefined when the case carries its own flag set. */
  readonly flagSetName: string | undefined;
  /**
   * The flagd flag-set document. Cases naming the same shared set get the same object from one
   * `evaluationCases()` call (load it once per name); treat it as read-only.
   */
  readonly flagSet: Readonly<Record<string, unknown>>;
  readonly flag: string;
  readonly type: CaseValueType;
  readonly defaultValue: CaseJson;
  /** The evaluation context, with `$special` markers of the file already built into real values. */
  readonly context: Record<string, unknown>;
  readonly expected: ExpectedResolution;
  readonly tags: readonly EvaluationCaseTag[];
}
