import type { EvaluationContext, JsonValue } from '../types.js';
import type { BucketingStrategy } from './fractional/bucketing-strategy.js';
import type { SemVer } from './semver/parse-semver.js';
import type { SharedConditions } from './shared-conditions.js';

/**
 * A compiled JSON Logic node. `data` is what `var` reads: the evaluation context at the root, the current
 * element inside `map`/`filter`/`all`/`some`/`none`, `{ current, accumulator }` inside `reduce`.
 * `ctx` is always the evaluation context (for `$flagd` and the implicit fractional key).
 */
export type Evaluate = (data: unknown, ctx: EvaluationContext) => unknown;

/**
 * Where a shared rule (`$evaluators`) reads the key of the flag being resolved. A shared rule is compiled
 * once for every flag that refers to it, so the key cannot be built in; each `$ref` in a flag's own
 * targeting sets the register around the call (and restores it, so a nested resolution cannot leave it
 * wrong). Passing the key as a third argument through every closure instead cost 10 to 20% on the
 * evaluation benchmarks.
 */
export interface FlagKeyRegister {
  key: string;
}

/** The flag key as a rule sees it: fixed for a flag's own targeting, a register for a shared rule. */
export type FlagKeySource = string | FlagKeyRegister;

/** The key of the flag being resolved, now. */
export function currentFlagKey(source: FlagKeySource): string {
  return typeof source === 'string' ? source : source.key;
}

/** The shared rules of a flag set (`$evaluators`), each compiled once, as `$ref` reaches them. */
export interface SharedRuleSource {
  readonly register: FlagKeyRegister;
  has(name: string): boolean;
  /** The compiled rule for a reference at the root (`atRoot`) or inside an iteration body; may throw. */
  compiled(name: string, atRoot: boolean): Evaluate;
}

/** Receives each traced step when a flag is compiled for `explain`. */
export type TraceSink = (step: {
  path: string;
  kind: 'condition' | 'fractional' | 'ref';
  message: string;
  data?: Record<string, unknown>;
}) => void;

export interface CompileOptions {
  /** The flag whose targeting this is; a shared rule reads it from the flag set's register. */
  readonly flagKey: FlagKeySource;
  readonly bucketing: BucketingStrategy;
  /** When set, schema and structural problems are reported here instead of being tolerated. */
  readonly report?: (path: string, message: string) => void;
  /** When set, conditions and fractional picks are traced (used by `explain`, never on the hot path). */
  readonly trace?: TraceSink;
  /**
   * Names of shared rules (`$evaluators`) that `{"$ref": name}` may name. When given, such refs compile
   * to opaque nodes instead of failing, so validation checks each shared rule once, where it is defined.
   */
  readonly refs?: ReadonlySet<string>;
  /** Shared rules a `{"$ref": name}` compiles to, each compiled once and shared by every reference. */
  readonly shared?: SharedRuleSource;
  /** Parsed context versions, shared by every `sem_ver` rule of a flag set (bounded; see sem-ver.ts). */
  readonly versionCache?: Map<string, SemVer | undefined>;
  /** Conditions compiled once for every flag of the set that writes them (see shared-conditions.ts). */
  readonly conditions?: SharedConditions;
}

export interface CompileScope extends CompileOptions {
  /** True where `data` is the evaluation context itself (outside iteration bodies). */
  readonly atRoot: boolean;
  /**
   * The JSON Pointer of a child node. Paths only matter when reporting or tracing; otherwise the parent's
   * path is returned as is, so loading a large set builds no path strings.
   */
  at(path: string, token: string | number): string;
  compile(node: JsonValue, path: string, atRoot?: boolean): Evaluate;
}

export type OperatorCompiler = (args: JsonValue[], scope: CompileScope, path: string) => Evaluate;

/** Thrown at load time when targeting cannot compile; the flag then resolves with PARSE_ERROR. */
export class TargetingCompileError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = 'TargetingCompileError';
    this.path = path;
  }
}
