import { FlagSet, type ParseOptions } from '@switchyard/core';
import type { EvaluatorFactory, FlagType, SuiteResolution } from '@switchyard/testkit';

/** Typed resolver per suite type; Integer and Float share the number resolver, as in JS OpenFeature. */
function resolveTyped(
  set: FlagSet,
  type: FlagType,
  key: string,
  defaultValue: unknown,
  context: Record<string, unknown>,
): SuiteResolution {
  switch (type) {
    case 'Boolean':
      return set.resolveBoolean(key, defaultValue as boolean, context);
    case 'String':
      return set.resolveString(key, defaultValue as string, context);
    case 'Integer':
    case 'Float':
      return set.resolveNumber(key, defaultValue as number, context);
    case 'Object':
      return set.resolveObject(key, defaultValue as Parameters<FlagSet['resolveObject']>[1], context);
  }
}

/** Adapts `@switchyard/core` to the suite contract: a freshly parsed flag set per scenario. */
export function coreEvaluator(document: unknown, options?: ParseOptions): EvaluatorFactory {
  return () => {
    const set = FlagSet.parse(document as Parameters<typeof FlagSet.parse>[0], options);
    return {
      evaluate: async (type, key, defaultValue, context) =>
        resolveTyped(set, type, key, defaultValue, context),
    };
  };
}
