import { describeError, describeValue } from '../describe-value.js';
import { type BranchTable, firstBranch } from '../targeting/branch-table.js';
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

const NO_BRANCHES: (ResolutionDetails | undefined)[] = [];

function variantKey(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (typeof result === 'boolean' || typeof result === 'number') return String(result);
  return undefined;
}

/** Compiles a flag's targeting: the closure, or why it cannot compile (the flag then answers PARSE_ERROR). */
export type CompileTargeting = () =>
  | { fn: Evaluate; table?: undefined; error?: undefined }
  | { fn?: undefined; table: BranchTable; error?: undefined }
  | { fn?: undefined; table?: undefined; error: string; details: ResolutionDetails };

/**
 * A flag ready to resolve. Each result a flag can give without error is built once (the TARGETING_MATCH
 * details of a variant on its first match), so resolving allocates nothing after warm-up. Targeting is
 * compiled on the flag's first resolution, not at load: a large set loads at about the speed of
 * `JSON.parse`, and a flag that is never resolved never holds a compiled form next to its JSON.
 */
export class CompiledFlag {
  /** The answer when no targeting runs: STATIC, DISABLED, or PARSE_ERROR (known once compiled). */
  private fixed: ResolutionDetails | undefined;
  private targeting: Evaluate | undefined = undefined;
  /** Targeting that is an `if` with literal branches; each branch's details once known (not errors). */
  private table: BranchTable | undefined = undefined;
  private branchDetails: (ResolutionDetails | undefined)[] = NO_BRANCHES;
  /** Until the first resolution: how to compile the targeting. */
  private compile: CompileTargeting | undefined;
  private compileError: string | undefined = undefined;
  /**
   * The TARGETING_MATCH details of each variant targeting has given, in first-given order. Built on
   * first use (most variants of most flags are never the result of targeting) and searched one by one:
   * a flag's variants are few, and a short array is both smaller and quicker to search than a Map.
   */
  private matches: ResolutionDetails[] | undefined = undefined;

  constructor(
    readonly key: string,
    readonly type: FlagValueType | undefined,
    readonly metadata: FlagMetadata,
    private readonly definition: Readonly<Record<string, unknown>>,
    fixed: ResolutionDetails | undefined,
    compile: CompileTargeting | undefined,
    private readonly variants: Readonly<Record<string, FlagValue>>,
    /** The answer when targeting gives null: the default variant (DEFAULT), or no value. */
    readonly fallback: ResolutionDetails,
  ) {
    this.fixed = fixed;
    this.compile = compile;
  }

  get disabled(): boolean {
    return this.fixed?.reason === 'DISABLED';
  }

  /** What `explain` re-runs with tracing; compiles the targeting first if no resolution has. */
  get source(): FlagSource {
    this.compileNow();
    return {
      definition: this.definition,
      targeting:
        this.targeting === undefined && this.table === undefined && this.compileError === undefined
          ? undefined
          : (this.definition.targeting as JsonValue),
      compileError: this.compileError,
    };
  }

  resolve(ctx: EvaluationContext): ResolutionDetails {
    const fixed = this.fixed;
    if (fixed !== undefined) return fixed;
    const table = this.table;
    if (table !== undefined) {
      let i: number;
      try {
        i = firstBranch(table, ctx, ctx);
      } catch (error) {
        return this.error(`targeting failed: ${describeError(error)}`);
      }
      // A direct call, not a closure's: the usual tests run without any indirect call.
      return this.branchDetails[i] ?? this.branch(table, i, ctx);
    }
    const targeting = this.targeting;
    if (targeting === undefined) {
      this.compileNow();
      return this.resolve(ctx);
    }
    let result: unknown;
    try {
      result = targeting(ctx, ctx);
    } catch (error) {
      return this.error(`targeting failed: ${describeError(error)}`);
    }
    return this.detailsFor(result);
  }

  private compileNow(): void {
    const compile = this.compile;
    if (compile === undefined) return;
    this.compile = undefined;
    const compiled = compile();
    if (compiled.table !== undefined) {
      this.table = compiled.table;
      this.branchDetails = Array.from({ length: compiled.table.values.length + 1 }, () => undefined);
    } else if (compiled.error === undefined) {
      this.targeting = compiled.fn;
    } else {
      this.compileError = compiled.error;
      this.fixed = compiled.details;
    }
  }

  /** The details of branch `i` of the table (`values.length`: the else), kept unless an error. */
  private branch(table: BranchTable, i: number, ctx: EvaluationContext): ResolutionDetails {
    const n = table.values.length;
    if (i === n && table.otherwise !== undefined) {
      let result: unknown;
      try {
        result = table.otherwise(ctx, ctx);
      } catch (error) {
        return this.error(`targeting failed: ${describeError(error)}`);
      }
      return this.detailsFor(result);
    }
    const details = this.detailsFor(i < n ? table.values[i] : table.elseValue);
    if (details.reason !== 'ERROR') this.branchDetails[i] = details;
    return details;
  }

  /** Maps a targeting result to resolution details, as flagd does (null → default, else a variant key). */
  detailsFor(result: unknown): ResolutionDetails {
    if (result === null || result === undefined) return this.fallback;
    const key = variantKey(result);
    const details = key === undefined ? undefined : (this.matchOf(key) ?? this.firstMatch(key));
    if (details !== undefined) return details;
    return this.error(
      key === undefined
        ? `targeting returned ${describeValue(result)}, which cannot name a variant`
        : `targeting returned variant ${describeValue(key)}, which is not one of the flag's variants`,
    );
  }

  private matchOf(key: string): ResolutionDetails | undefined {
    const matches = this.matches;
    if (matches === undefined) return undefined;
    for (let i = 0; i < matches.length; i++) if (matches[i]!.variant === key) return matches[i];
    return undefined;
  }

  private firstMatch(key: string): ResolutionDetails | undefined {
    if (!Object.hasOwn(this.variants, key)) return undefined;
    const details: ResolutionDetails = Object.freeze({
      value: this.variants[key],
      variant: key,
      reason: 'TARGETING_MATCH',
      flagMetadata: this.metadata,
    });
    // A literal holds exactly one entry; a push onto [] would reserve seventeen.
    if (this.matches === undefined) this.matches = [details];
    else this.matches.push(details);
    return details;
  }

  private error(message: string): ResolutionDetails {
    return { reason: 'ERROR', errorCode: 'GENERAL', errorMessage: message, flagMetadata: this.metadata };
  }
}
