/**
 * Where the `$ref`s of each file resolve when several files are combined.
 *
 * flagd resolves a `$ref` within the source that holds it (`$evaluators` are substituted into each
 * source's document when that source is loaded), so a file's own evaluator always wins. A name the
 * file does not define is looked up in the other files, the last one that defines it winning; flagd
 * would answer PARSE_ERROR there instead. That fallback exists for the flagd testbed: its
 * `flags/zero-flags.json` refers to `is_ballmer`, which only `flags/evaluator-refs.json` defines, and
 * works in flagd only because the testbed's launchpad merges every `flags/*.json` into one
 * `allFlags.json` served as a single source. Our OFREP conformance suite serves those files as
 * separate `--flags` files, as users with a testbed-like layout do. The fallback only turns what
 * would be a PARSE_ERROR into an answer, never changes an answer flagd gives, and is reported (a
 * warning in `switchyard validate`, a log line in file mode).
 */
export class EvaluatorScopes {
  constructor(
    /** Each file's `$evaluators`, in the order the files were given. */
    readonly evaluators: readonly ReadonlyMap<string, unknown>[],
  ) {}

  /** The index of the file whose evaluator `name` a `$ref` in file `index` uses, if any. */
  resolve(index: number, name: string): number | undefined {
    if (this.evaluators[index]?.has(name)) return index;
    for (let other = this.evaluators.length - 1; other >= 0; other--) {
      if (other !== index && this.evaluators[other]!.has(name)) return other;
    }
    return undefined;
  }

  rule(index: number, name: string): unknown {
    return this.evaluators[index]?.get(name);
  }
}
