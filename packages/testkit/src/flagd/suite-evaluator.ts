import type { FlagType } from './value-conversion.js';

/** What a typed OpenFeature-style resolution returns; `value` is the caller default when the flag gives none. */
export interface SuiteResolution {
  value: unknown;
  variant?: string;
  reason?: string;
  errorCode?: string;
  flagMetadata?: Record<string, unknown>;
}

/**
 * The system under test, as the suites see it. Adapters exist per target (the core evaluator, the OFREP
 * endpoint, the Node provider), so one set of scenarios checks all of them.
 */
export interface SuiteEvaluator {
  evaluate(
    type: FlagType,
    key: string,
    defaultValue: unknown,
    context: Record<string, unknown>,
  ): Promise<SuiteResolution>;
}

/** Called by `Given an evaluator` / `Given a stable flagd provider`: a fresh evaluator per scenario. */
export type EvaluatorFactory = () => SuiteEvaluator | Promise<SuiteEvaluator>;
