import type { JsonObject } from '@bufbuild/protobuf';
import type { EvaluationContext, FlagValue, JsonValue, ResolutionDetails } from '@switchyard/core';
import type { PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';
import type { AnyFlagValue, ValueKind } from './schema/evaluation.js';
import { valueAs, zeroValue } from './typed-resolution.js';

export interface AnyFlagAnswer {
  reason: string;
  variant: string;
  value: AnyFlagValue;
  metadata: JsonObject;
}

export interface ResolveAllAnswer {
  flags: Record<string, AnyFlagAnswer>;
  metadata: JsonObject;
}

/**
 * `flagd.evaluation.v1.Service/ResolveAll` as flagd answers it (ResolveAllValues for v1 clients): each
 * flag is read as the type of its default variant's value; a flag without a default variant, or whose default
 * is neither a boolean, string, number nor object, is left out; an error or a value of another type gives
 * reason ERROR with the type's zero value; a disabled flag its zero value with reason DISABLED. Numbers are
 * doubles here (AnyFlag has no int64).
 */
export function resolveAllV1(
  published: PublishedFlagSet,
  context: EvaluationContext,
  onResolved: (key: string, details: ResolutionDetails) => void,
): ResolveAllAnswer {
  // No prototype: a flag may be named `__proto__` (file mode takes any key).
  const flags: Record<string, AnyFlagAnswer> = Object.create(null);
  const keys = published.flagSet.flagKeys;
  const results = published.flagSet.resolveEach(context);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const details = results[i] as ResolutionDetails;
    onResolved(key, details);
    const definition = published.document.flags[key];
    const defaultVariant = definition?.defaultVariant;
    if (definition === undefined || typeof defaultVariant !== 'string') continue;
    if (!Object.hasOwn(definition.variants, defaultVariant)) continue;
    const kind = kindOf(definition.variants[defaultVariant] as JsonValue);
    if (kind === undefined) continue;
    const metadata: JsonObject = { ...details.flagMetadata };
    const typed = details.value === undefined ? undefined : valueAs(details.value, kind);
    if (details.errorCode !== undefined || (details.value !== undefined && typed === undefined)) {
      const variant = details.errorCode === undefined ? (details.variant ?? '') : '';
      flags[key] = { reason: 'ERROR', variant, value: anyFlagValue(kind, zeroValue(kind)), metadata };
    } else if (typed === undefined) {
      flags[key] = {
        reason: details.reason,
        variant: '',
        value: anyFlagValue(kind, zeroValue(kind)),
        metadata,
      };
    } else {
      flags[key] = {
        reason: details.reason,
        variant: details.variant ?? '',
        value: anyFlagValue(kind, typed),
        metadata,
      };
    }
  }
  return { flags, metadata: { ...published.document.metadata } };
}

function kindOf(value: JsonValue): Exclude<ValueKind, 'Int'> | undefined {
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return 'Float';
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return 'Object';
  return undefined;
}

function anyFlagValue(kind: Exclude<ValueKind, 'Int'>, value: FlagValue | bigint | JsonObject): AnyFlagValue {
  switch (kind) {
    case 'Boolean':
      return { case: 'boolValue', value: value as boolean };
    case 'String':
      return { case: 'stringValue', value: value as string };
    case 'Float':
      return { case: 'doubleValue', value: value as number };
    case 'Object':
      return { case: 'objectValue', value: value as JsonObject };
  }
}
