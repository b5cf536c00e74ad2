import { describeError, describeValue } from '../describe-value.js';
import type { Evaluate } from '../targeting/compiler-types.js';
import type {
  EvaluationContext,
  FlagMetadata,
  FlagValue,
  FlagValueType,
  JsonValue,
  ResolutionDetails,
} from '../types.js';

/** What `explain` needs to re-run a flag with tracing. */
export interface FlagSource {
  readonly definition: Readonly<Record<string, unknown>>;
  /** Targeting as written (`$ref`s name shared rules); undefined when the flag has none (or `{}`). */
  readonly targeting: JsonValue | undefined;
  readonly compileError: string | undefined;
}

function variantKey(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (typeof result === 'boolean' || typeof result === 'number') return String(result);
  return undefined;
}

/**
 * A flag ready to resolve. Each result a flag can give without error is built once (the TARGETING_MATCH
 * details of a variant on its first match), so resolving allocates nothing after warm-up.
 */
export class CompiledFlag {
  constructor(
    readonly key: string,
    readonly type: FlagValueType | undefined,
    readonly metadata: FlagMetadata,
    readonly source: FlagSource,
    /** The answer when no targeting runs: STATIC, DISABLED, or PARSE_ERROR. */
    private readonly fixed: ResolutionDetails | undefined,
    private readonly targeting: Evaluate | undefined,
    private readonly variants: Readonly<Record<string, FlagValue>>,
    /** The answer when targeting gives null: the default variant (DEFAULT), or no value. */
    readonly fallback: ResolutionDetails,
  ) {}

  /** Built on first use: most variants of most flags are never the result of targeting. */
  private readonly matches = new Map<string, ResolutionDetails>();

  get disabled(): boolean {
    return this.fixed?.reason === 'DISABLED';
  }

  resolve(ctx: EvaluationContext): ResolutionDetails {
    const fixed = this.fixed;
    if (fixed !== undefined) return fixed;
    let result: unknown;
    try {
      result = this.targeting!(ctx, ctx);
    } catch (error) {
      return this.error(`targeting failed: ${describeError(error)}`);
    }
    return this.detailsFor(result);
  }

  /** Maps a targeting result to resolution details, as flagd does (null → default, else a variant key). */
  detailsFor(result: unknown): ResolutionDetails {
    if (result === null || result === undefined) return this.fallback;
    const key = variantKey(result);
    const details = key === undefined ? undefined : (this.matches.get(key) ?? this.firstMatch(key));
    if (details !== undefined) return details;
    return this.error(
      key === undefined
        ? `targeting returned ${describeValue(result)}, which cannot name a variant`
        : `targeting returned variant ${describeValue(key)}, which is not one of the flag's variants`,
    );
  }

  private firstMatch(key: string): ResolutionDetails | undefined {
    if (!Object.hasOwn(this.variants, key)) return undefined;
    const details: ResolutionDetails = Object.freeze({
      value: this.variants[key],
      variant: key,
      reason: 'TARGETING_MATCH',
      flagMetadata: this.metadata,
    });
    this.matches.set(key, details);
    return details;
  }

  private error(message: string): ResolutionDetails {
    return { reason: 'ERROR', errorCode: 'GENERAL', errorMessage: message, flagMetadata: this.metadata };
  }
}
