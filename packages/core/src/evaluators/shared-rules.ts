import { describeError } from '../describe-value.js';
import { compileTargeting } from '../targeting/compile-targeting.js';
import {
  type Evaluate,
  type FlagKeyRegister,
  type SharedRuleSource,
  TargetingCompileError,
} from '../targeting/compiler-types.js';
import type { BucketingStrategy } from '../targeting/fractional/bucketing-strategy.js';
import type { SemVer } from '../targeting/semver/parse-semver.js';
import type { JsonValue } from '../types.js';
import { extentProblems } from './expansion-limits.js';
import { cycleMessage, RuleGraph } from './rule-extent.js';

type Compiled = { readonly fn: Evaluate } | { readonly error: TargetingCompileError };

export interface SharedRuleOptions {
  readonly bucketing: BucketingStrategy;
  readonly versionCache: Map<string, SemVer | undefined>;
}

/**
 * The `$evaluators` of a parsed flag set. Each rule is compiled once (twice at most: for references at the
 * root and inside iteration bodies, where `var` reads different data), on first reference, and every
 * `$ref` to it shares the compiled closure; the flag key reaches it through `register`. So loading is
 * linear in the size of the document, however the rules refer to each other.
 */
export class SharedRules implements SharedRuleSource {
  readonly graph: RuleGraph;
  readonly register: FlagKeyRegister = { key: '' };
  private readonly atRoot = new Map<string, Compiled>();
  private readonly nested = new Map<string, Compiled>();
  private readonly compiling = new Set<string>();

  constructor(
    private readonly evaluators: Readonly<Record<string, JsonValue>>,
    private readonly options: SharedRuleOptions,
  ) {
    this.graph = new RuleGraph(evaluators);
  }

  has(name: string): boolean {
    return this.graph.has(name);
  }

  /**
   * Why a flag's targeting is refused before compiling: a cycle of shared rules, or a size or depth past
   * the expansion limits. Undefined when it may compile.
   */
  problemOf(targeting: unknown): string | undefined {
    const measured = this.graph.measure(targeting);
    if (measured.cycle !== undefined) return `targeting ${cycleMessage(measured.cycle)}`;
    const problems = extentProblems(measured.extent);
    return problems.length > 0 ? `targeting ${problems.join('; it ')}` : undefined;
  }

  compiled(name: string, atRoot: boolean): Evaluate {
    const cache = atRoot ? this.atRoot : this.nested;
    let compiled = cache.get(name);
    if (compiled === undefined) {
      compiled = this.compile(name, atRoot);
      cache.set(name, compiled);
    }
    if ('error' in compiled) throw compiled.error;
    return compiled.fn;
  }

  private compile(name: string, atRoot: boolean): Compiled {
    // Flags are measured first, so a cycle never reaches here; this guard keeps a mistake from recursing.
    const key = `${atRoot}:${name}`;
    if (this.compiling.has(key))
      return { error: new TargetingCompileError('', `evaluator "${name}" refers to itself`) };
    this.compiling.add(key);
    try {
      const options = { ...this.options, flagKey: this.register, shared: this };
      const fn = compileTargeting(this.evaluators[name]!, options, '', atRoot);
      return { fn };
    } catch (error) {
      return { error: new TargetingCompileError('', `evaluator "${name}": ${describeError(error)}`) };
    } finally {
      this.compiling.delete(key);
    }
  }
}
