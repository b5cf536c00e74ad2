import type { EvaluationContext, JsonValue } from '../types.js';
import type { BucketingStrategy } from './fractional/bucketing-strategy.js';
import type { SemVer } from './semver/parse-semver.js';

/**
 * A compiled JSON Logic node. `data` is what `var` reads: the evaluation context at the root, the current
 * element inside `map`/`filter`/`all`/`some`/`none`, `{ current, accumulator }` inside `reduce`.
 * `ctx` is always the evaluation context (for `$flagd` and the implicit fractional key).
 */
export type Evaluate = (data: unknown, ctx: EvaluationContext) => unknown;

/** Receives each traced step when a flag is compiled for `explain`. */
export type TraceSink = (step: {
  path: string;
  kind: 'condition' | 'fractional';
  message: string;
  data?: Record<string, unknown>;
}) => void;

export interface CompileOptions {
  readonly flagKey: string;
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
  /** Parsed context versions, shared by every `sem_ver` rule of a flag set (bounded; see sem-ver.ts). */
  readonly versionCache?: Map<string, SemVer | undefined>;
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
