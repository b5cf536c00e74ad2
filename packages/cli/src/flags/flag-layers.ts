import type { EvaluationContext, Explanation, FlagSet, ResolutionDetails } from '@switchyard/core';

/** A flag set together with the file it was loaded from. */
export interface FlagSource {
  readonly file: string;
  readonly set: FlagSet;
}

/**
 * Several flag files evaluated as one, the way flagd combines multiple sources: each file is its own
 * flag set (its own `$evaluators` and metadata), and a key defined in more than one file is taken from
 * the last of them.
 */
export class FlagLayers {
  /** Key → winning source, in order of first definition. */
  private readonly owners = new Map<string, FlagSource>();

  constructor(readonly sources: readonly FlagSource[]) {
    if (sources.length === 0) throw new Error('FlagLayers needs at least one flag source');
    for (const source of sources) {
      for (const key of source.set.flagKeys) this.owners.set(key, source);
    }
  }

  /** Every flag key, in order of first definition. */
  get flagKeys(): string[] {
    return [...this.owners.keys()];
  }

  /** The source whose definition of `flagKey` wins, or undefined when no file defines it. */
  ownerOf(flagKey: string): FlagSource | undefined {
    return this.owners.get(flagKey);
  }

  resolve(flagKey: string, context: EvaluationContext): ResolutionDetails {
    return this.evaluatorFor(flagKey).resolve(flagKey, context);
  }

  explain(flagKey: string, context: EvaluationContext): Explanation {
    return this.evaluatorFor(flagKey).explain(flagKey, context);
  }

  /** Every flag of every file; later files' results replace earlier ones for shared keys. */
  resolveAll(context: EvaluationContext): Map<string, ResolutionDetails> {
    const results = new Map<string, ResolutionDetails>();
    for (const source of this.sources) {
      for (const [key, details] of source.set.resolveAll(context)) results.set(key, details);
    }
    return results;
  }

  private evaluatorFor(flagKey: string): FlagSet {
    // An undefined key still goes to a set, so callers get core's FLAG_NOT_FOUND details.
    return (this.owners.get(flagKey) ?? this.sources[this.sources.length - 1]!).set;
  }
}
