import { describeError } from '../describe-value.js';
import { isObject } from '../document/read-document.js';
import type { SharedRules } from '../evaluators/shared-rules.js';
import type { BranchTable } from '../targeting/branch-table.js';
import { compileFlagRule } from '../targeting/compile-targeting.js';
import type { Evaluate } from '../targeting/compiler-types.js';
import type { BucketingStrategy } from '../targeting/fractional/bucketing-strategy.js';
import type { SemVer } from '../targeting/semver/parse-semver.js';
import type { SharedConditions } from '../targeting/shared-conditions.js';
import type { FlagMetadata, FlagValue, FlagValueType, JsonValue, ResolutionDetails } from '../types.js';
import { CompiledFlag, type CompileTargeting } from './compiled-flag.js';
import { mergeMetadata } from './flag-metadata.js';
import { deepFreeze, valueType } from './value-type.js';

export interface BuildContext {
  readonly setMetadata: unknown;
  /** The set's metadata alone, merged once: every flag without metadata of its own shares it. */
  readonly setOnlyMetadata: FlagMetadata;
  readonly shared: SharedRules;
  readonly versionCache: Map<string, SemVer | undefined>;
  readonly bucketing: BucketingStrategy;
  readonly conditions: SharedConditions;
}

function flagTypeOf(variants: Record<string, unknown>): FlagValueType | undefined {
  let type: FlagValueType | undefined;
  for (const value of Object.values(variants)) {
    const t = valueType(value);
    if (t === undefined || (type !== undefined && t !== type)) return undefined;
    type = t;
  }
  return type;
}

/** `{}` (and an absent or null targeting) means "no targeting": the flag is static. */
function hasTargeting(targeting: unknown): boolean {
  return (
    targeting !== undefined &&
    targeting !== null &&
    !(isObject(targeting) && Object.keys(targeting).length === 0)
  );
}

function compileFlagTargeting(
  key: string,
  targeting: JsonValue,
  context: BuildContext,
):
  | { fn: Evaluate; table?: undefined; error?: undefined }
  | { fn?: undefined; table: BranchTable; error?: undefined }
  | { fn?: undefined; table?: undefined; error: string } {
  try {
    if (!isObject(targeting)) throw new Error('targeting must be a JSON Logic object');
    // Measured before compiling: a rule past the expansion limits is refused, never walked deeply.
    const problem = context.shared.problemOf(targeting);
    if (problem !== undefined) return { error: problem };
    const rule = compileFlagRule(targeting, {
      flagKey: key,
      bucketing: context.bucketing,
      versionCache: context.versionCache,
      shared: context.shared,
      conditions: context.conditions,
    });
    return rule.table !== undefined ? { table: rule.table } : { fn: rule.evaluate };
  } catch (error) {
    return { error: `targeting does not compile: ${describeError(error)}` };
  }
}

/**
 * Builds a flag from a definition that passed the fatal checks. Targeting that cannot compile does not
 * fail the set: the flag resolves with PARSE_ERROR, as in flagd.
 */
export function buildFlag(
  key: string,
  definition: Record<string, unknown>,
  context: BuildContext,
): CompiledFlag {
  const variants = (isObject(definition.variants) ? definition.variants : {}) as Record<string, JsonValue>;
  const metadata: FlagMetadata =
    definition.metadata === undefined
      ? context.setOnlyMetadata
      : mergeMetadata(context.setMetadata, definition.metadata);
  const defaultVariant =
    typeof definition.defaultVariant === 'string' ? definition.defaultVariant : undefined;
  const type = flagTypeOf(variants);

  for (const value of Object.values(variants)) deepFreeze(value);
  const fallback: ResolutionDetails =
    defaultVariant === undefined
      ? Object.freeze({ reason: 'DEFAULT' as const, flagMetadata: metadata })
      : Object.freeze({
          value: variants[defaultVariant] as FlagValue,
          variant: defaultVariant,
          reason: 'DEFAULT' as const,
          flagMetadata: metadata,
        });

  const targeting = definition.targeting as JsonValue | undefined;
  const make = (fixed: ResolutionDetails | undefined, compile: CompileTargeting | undefined) =>
    new CompiledFlag(
      key,
      type,
      metadata,
      definition,
      fixed,
      compile,
      variants as Record<string, FlagValue>,
      fallback,
    );

  if (definition.state === 'DISABLED') {
    return make(Object.freeze({ reason: 'DISABLED', flagMetadata: metadata }), undefined);
  }
  if (!hasTargeting(targeting)) {
    const fixed: ResolutionDetails =
      defaultVariant === undefined ? fallback : Object.freeze({ ...fallback, reason: 'STATIC' });
    return make(fixed, undefined);
  }
  // Compiled on first resolution (see CompiledFlag); the rule is read from the definition then.
  return make(undefined, () => {
    const compiled = compileFlagTargeting(key, targeting!, context);
    if (compiled.error === undefined) return compiled;
    const details = Object.freeze({
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
      errorMessage: compiled.error,
      flagMetadata: metadata,
    } as const);
    return { error: compiled.error, details };
  });
}
