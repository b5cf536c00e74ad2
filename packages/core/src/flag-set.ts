import { describeValue } from './describe-value.js';
import { flagEntries, flagMap } from './document/flag-entries.js';
import { setOwn } from './document/own-property.js';
import { isObject, readDocument } from './document/read-document.js';
import { FlagSetValidationError } from './errors.js';
import { SharedRules } from './evaluators/shared-rules.js';
import { explainFlag } from './explain/explain-flag.js';
import type { Explanation } from './explain-types.js';
import { type BuildContext, buildFlag } from './flags/build-flag.js';
import type { CompiledFlag } from './flags/compiled-flag.js';
import { mergeMetadata } from './flags/flag-metadata.js';
import { fatalFlagProblems } from './flags/flag-structure.js';
import { matchesType } from './flags/value-type.js';
import { pointer } from './json-pointer.js';
import { type BucketingStrategy, bucketingV2 } from './targeting/fractional/bucketing-strategy.js';
import { SharedConditions } from './targeting/shared-conditions.js';
import type {
  EvaluationContext,
  FlagMetadata,
  FlagSetDocument,
  FlagValueType,
  JsonObject,
  JsonValue,
  ResolutionDetails,
  TypedResolutionDetails,
  ValidationIssue,
} from './types.js';
import { validateDocument } from './validation/validate-document.js';

export interface ParseOptions {
  /** Refuse the document on any schema or structural problem (what the server applies to writes). */
  readonly strict?: boolean;
  /** How `fractional` hashes its key; flagd's current v2 unless given. */
  readonly bucketing?: BucketingStrategy;
}

const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});

/**
 * A compiled flagd flag set. A flag's targeting is compiled once, on the flag's first resolution (so a
 * large set loads at about the speed of `JSON.parse`); resolving never throws and never touches anything
 * but memory. The set keeps the document it was given: change a copy, not the original, and parse again.
 */
export class FlagSet {
  /** Listed on first use: a set derived by withFlags for each change may never be asked. */
  private keys: readonly string[] | undefined = undefined;

  private constructor(
    /** The document as given (raw JSON Logic preserved), with `flags` as a map. */
    readonly document: FlagSetDocument,
    /**
     * Each flag's position in `compiled`, in document order. Shared by the sets withFlags derives
     * while their keys stay the same, so that a change copies an array, not a map.
     */
    private readonly index: ReadonlyMap<string, number>,
    private readonly compiled: readonly CompiledFlag[],
    /** Flag-set metadata (scalar values only), returned with errors that concern no single flag. */
    readonly metadata: FlagMetadata,
    /** What every flag of the set is built with, kept so that withFlags builds changed flags alike. */
    private readonly build: BuildContext,
  ) {}

  /**
   * Parses a flag set as flagd does: a flag whose targeting cannot compile resolves with PARSE_ERROR while
   * the rest works; what flagd rejects whole throws FlagSetValidationError. `{ strict: true }` also throws
   * on every schema and structural problem, listing them all.
   */
  static parse(input: unknown, options: ParseOptions = {}): FlagSet {
    const doc = readDocument(input);
    if (options.strict) {
      const issues = validateDocument(doc);
      if (issues.length > 0) throw new FlagSetValidationError(issues);
    }
    if (!isObject(doc))
      throw new FlagSetValidationError([{ path: '', message: 'a flag set must be a JSON object' }]);
    const { entries, problems } = flagEntries(doc);
    const issues: ValidationIssue[] = [...problems];
    if (doc.metadata !== undefined && !isObject(doc.metadata))
      issues.push({ path: '/metadata', message: 'must be an object' });
    if (doc.$evaluators !== undefined && !isObject(doc.$evaluators))
      issues.push({ path: '/$evaluators', message: 'must be an object' });
    for (const entry of entries) issues.push(...fatalFlagProblems(entry.path, entry.definition));
    if (issues.length > 0) throw new FlagSetValidationError(issues);

    const bucketing = options.bucketing ?? bucketingV2;
    const evaluators = (doc.$evaluators ?? {}) as Record<string, JsonValue>;
    const versionCache = new Map();
    const shared = new SharedRules(evaluators, { bucketing, versionCache });
    const setOnlyMetadata = mergeMetadata(doc.metadata, undefined);
    const context = {
      setMetadata: doc.metadata,
      setOnlyMetadata,
      shared,
      bucketing,
      versionCache,
      conditions: new SharedConditions(),
    };
    const index = new Map<string, number>();
    const compiled: CompiledFlag[] = [];
    for (const { key, definition } of entries) {
      index.set(key, compiled.length);
      compiled.push(buildFlag(key, definition as Record<string, unknown>, context));
    }
    const document = { ...doc, flags: flagMap(entries) } as unknown as FlagSetDocument;
    return new FlagSet(document, index, compiled, setOnlyMetadata, context);
  }

  /**
   * This set with some flags replaced or added, and those given as `null` removed: what parsing the document
   * with those changes would give (same results, same flag order), but only the changed flags are built, so
   * every other flag keeps its compiled targeting. This set is left as it was. Throws FlagSetValidationError,
   * naming `/flags/KEY`, when a changed flag is one that parsing would refuse.
   */
  withFlags(changes: Readonly<Record<string, unknown>>): FlagSet {
    const changed = Object.entries(changes);
    const issues: ValidationIssue[] = [];
    for (const [key, definition] of changed) {
      if (key === '') issues.push({ path: '/flags/', message: 'a flag key must not be empty' });
      if (definition !== null) issues.push(...fatalFlagProblems(pointer('/flags', key), definition));
    }
    if (issues.length > 0) throw new FlagSetValidationError(issues);
    const built = new Map<string, CompiledFlag>();
    const definitions: Record<string, unknown> = { ...this.document.flags };
    for (const [key, definition] of changed) {
      if (definition === null) {
        delete definitions[key];
        continue;
      }
      built.set(key, buildFlag(key, definition as Record<string, unknown>, this.build));
      setOwn(definitions, key, definition);
    }
    const document = { ...this.document, flags: definitions } as unknown as FlagSetDocument;
    // The usual change replaces flags that exist: same keys, same order, same index.
    if (changed.every(([key, definition]) => definition !== null && this.index.has(key))) {
      const compiled = this.compiled.slice();
      for (const [key, flag] of built) compiled[this.index.get(key)!] = flag;
      return new FlagSet(document, this.index, compiled, this.metadata, this.build);
    }
    // In the document's own key order (integer-like keys first), as parsing it would list them.
    const index = new Map<string, number>();
    const compiled: CompiledFlag[] = [];
    for (const key of Object.keys(definitions)) {
      index.set(key, compiled.length);
      compiled.push(built.get(key) ?? this.flag(key)!);
    }
    return new FlagSet(document, index, compiled, this.metadata, this.build);
  }

  /** Every schema and structural problem of a document, each with its JSON Pointer; empty when valid. */
  static validate(input: unknown): ValidationIssue[] {
    try {
      return validateDocument(readDocument(input));
    } catch (error) {
      if (error instanceof FlagSetValidationError) return [...error.issues];
      throw error;
    }
  }

  get flagKeys(): readonly string[] {
    this.keys ??= Object.freeze([...this.index.keys()]);
    return this.keys;
  }

  private flag(flagKey: string): CompiledFlag | undefined {
    const i = this.index.get(flagKey);
    return i === undefined ? undefined : this.compiled[i];
  }

  has(flagKey: string): boolean {
    return this.index.has(flagKey);
  }

  /** The type of a flag's variants, or undefined for an unknown flag or mixed variant types. */
  flagType(flagKey: string): FlagValueType | undefined {
    return this.flag(flagKey)?.type;
  }

  /** Untyped resolution; `value` is absent when no variant applies (disabled, no default variant, errors). */
  resolve(flagKey: string, context?: EvaluationContext): ResolutionDetails {
    // Inline rather than through flag(): this is every evaluation's path.
    const i = this.index.get(flagKey);
    if (i === undefined) return this.notFound(flagKey);
    return this.compiled[i]!.resolve(context ?? EMPTY_CONTEXT);
  }

  resolveBoolean(
    flagKey: string,
    defaultValue: boolean,
    context?: EvaluationContext,
  ): TypedResolutionDetails<boolean> {
    return this.typed(flagKey, defaultValue, context, 'boolean');
  }

  resolveString(
    flagKey: string,
    defaultValue: string,
    context?: EvaluationContext,
  ): TypedResolutionDetails<string> {
    return this.typed(flagKey, defaultValue, context, 'string');
  }

  resolveNumber(
    flagKey: string,
    defaultValue: number,
    context?: EvaluationContext,
  ): TypedResolutionDetails<number> {
    return this.typed(flagKey, defaultValue, context, 'number');
  }

  resolveObject<T extends JsonObject | JsonValue[] = JsonObject>(
    flagKey: string,
    defaultValue: T,
    context?: EvaluationContext,
  ): TypedResolutionDetails<T> {
    return this.typed(flagKey, defaultValue, context, 'object');
  }

  /** Every flag by key, disabled and errored ones included. */
  resolveAll(context?: EvaluationContext): Map<string, ResolutionDetails> {
    const results = this.resolveEach(context);
    const keys = this.flagKeys;
    const byKey = new Map<string, ResolutionDetails>();
    for (let i = 0; i < keys.length; i++) byKey.set(keys[i]!, results[i]!);
    return byKey;
  }

  /**
   * Every flag's details, disabled and errored ones included, in `flagKeys` order: bulk evaluation
   * (OFREP) without building a map of the results for each request.
   */
  resolveEach(context?: EvaluationContext): ResolutionDetails[] {
    const ctx = context ?? EMPTY_CONTEXT;
    const compiled = this.compiled;
    const results: ResolutionDetails[] = new Array(compiled.length);
    for (let i = 0; i < compiled.length; i++) results[i] = compiled[i]!.resolve(ctx);
    return results;
  }

  /** Resolves a flag and says why: which rule matched, which bucket a key fell in. Not for hot paths. */
  explain(flagKey: string, context?: EvaluationContext): Explanation {
    const flag = this.flag(flagKey);
    if (flag === undefined) {
      const details = this.notFound(flagKey);
      return { flagKey, details, steps: [{ path: '', kind: 'error', message: details.errorMessage! }] };
    }
    return explainFlag(flag, context ?? EMPTY_CONTEXT, this.build.bucketing, this.build.shared);
  }

  private typed<T>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext | undefined,
    type: FlagValueType,
  ): TypedResolutionDetails<T> {
    const details = this.resolve(flagKey, context);
    if (details.value === undefined) return { ...details, value: defaultValue };
    if (!matchesType(details.value, type)) {
      return {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: 'TYPE_MISMATCH',
        errorMessage: `flag ${describeValue(flagKey)} resolved to a ${Array.isArray(details.value) ? 'array' : typeof details.value}, not a ${type}`,
        flagMetadata: details.flagMetadata,
      };
    }
    return details as TypedResolutionDetails<T>;
  }

  private notFound(flagKey: string): ResolutionDetails {
    return {
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: `flag ${describeValue(flagKey)} not found`,
      flagMetadata: this.metadata,
    };
  }
}
