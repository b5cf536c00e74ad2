import type { Evaluate } from '../targeting/compiler-types.js';
import type {
  EvaluationContext,
  FlagMetadata,
  FlagValueType,
  JsonValue,
  ResolutionDetails,
} from '../types.js';

/** What `explain` needs to re-run a flag with tracing. */
export interface FlagSource {
  readonly definition: Readonly<Record<string, unknown>>;
  /** Targeting with `$ref`s inlined; undefined when the flag has none (or `{}`). */
  readonly targeting: JsonValue | undefined;
  readonly compileError: string | undefined;
}

function variantKey(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (typeof result === 'boolean' || typeof result === 'number') return String(result);
  return undefined;
}

/**
 * A flag ready to resolve. Every result a flag can give without error is built once at load time
 * (per variant: the TARGETING_MATCH details), so resolving allocates nothing.
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
    private readonly matches: ReadonlyMap<string, ResolutionDetails>,
    /** The answer when targeting gives null: the default variant (DEFAULT), or no value. */
    readonly fallback: ResolutionDetails,
  ) {}

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
      return this.error(`targeting failed: ${(error as Error).message}`);
    }
    return this.detailsFor(result);
  }

  /** Maps a targeting result to resolution details, as flagd does (null → default, else a variant key). */
  detailsFor(result: unknown): ResolutionDetails {
    if (result === null || result === undefined) return this.fallback;
    const key = variantKey(result);
    const details = key === undefined ? undefined : this.matches.get(key);
    if (details !== undefined) return details;
    return this.error(
      key === undefined
        ? `targeting returned ${JSON.stringify(result)}, which cannot name a variant`
        : `targeting returned variant "${key}", which is not one of the flag's variants`,
    );
  }

  private error(message: string): ResolutionDetails {
    return { reason: 'ERROR', errorCode: 'GENERAL', errorMessage: message, flagMetadata: this.metadata };
  }
}
