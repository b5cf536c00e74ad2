/** A JSON value as it appears in flag variants, metadata and evaluation contexts. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** OpenFeature evaluation context: `targetingKey` plus arbitrary attributes. */
export type EvaluationContext = { targetingKey?: string; [key: string]: unknown };

export type FlagValue = boolean | string | number | JsonObject | JsonValue[];
export type FlagValueType = 'boolean' | 'string' | 'number' | 'object';

/** Reasons flagd emits (SPLIT and UNKNOWN are defined by OpenFeature but never emitted by flagd). */
export type Reason = 'STATIC' | 'TARGETING_MATCH' | 'DEFAULT' | 'DISABLED' | 'ERROR';

export type ErrorCode = 'FLAG_NOT_FOUND' | 'PARSE_ERROR' | 'TYPE_MISMATCH' | 'GENERAL';

/** Flag metadata: flag-set metadata overlaid with the flag's own; only scalar values. */
export type FlagMetadata = Readonly<Record<string, string | number | boolean>>;

/**
 * OpenFeature resolution details. `value` and `variant` are absent when no variant applies
 * (a disabled flag, or no default variant): the caller's default is used.
 */
export interface ResolutionDetails<T = FlagValue> {
  readonly value?: T;
  readonly variant?: string;
  readonly reason: Reason;
  readonly errorCode?: ErrorCode;
  readonly errorMessage?: string;
  readonly flagMetadata: FlagMetadata;
}

/** Typed resolution: the caller's default fills `value` whenever the flag gives none. */
export interface TypedResolutionDetails<T> extends ResolutionDetails<T> {
  readonly value: T;
}

/** One problem found in a flag-set document; `path` is a JSON Pointer (RFC 6901) into the document. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** A flag definition in flagd's flag-set format. */
export interface FlagDefinition {
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, JsonValue>;
  defaultVariant?: string | null;
  targeting?: JsonObject;
  metadata?: Record<string, string | number | boolean>;
}

/** A flagd flag-set document (`flags` as a map; flagd's daemon format also allows an array with `key`). */
export interface FlagSetDocument {
  $schema?: string;
  flags: Record<string, FlagDefinition>;
  $evaluators?: Record<string, JsonValue>;
  metadata?: Record<string, string | number | boolean>;
}
