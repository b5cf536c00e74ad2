/**
 * Limits on a targeting rule as it is evaluated, that is with every `{"$ref": name}` replaced by the shared
 * rule it names (flagd substitutes the text). Shared rules are compiled once and referenced, so loading
 * stays linear in the size of the document; but evaluating `{"or": [{"$ref": "s"}, {"$ref": "s"}]}` still
 * runs `s` twice, and a chain of such rules doubles the work at each step. These limits keep one
 * evaluation bounded and the evaluator's call depth far from the JavaScript stack limit. A flag (or a
 * shared rule) beyond them is refused: strict validation reports it, lenient parsing gives that flag
 * PARSE_ERROR.
 *
 * Counting: every operation counts one node, and so does every argument that is not an operation; an array
 * holding only literal data (an `in` list of ids) counts as one node whatever its length, and so does an
 * object with other than one key (literal data). A `$ref` counts as the rule it names.
 */

/** The most nodes a rule may have with every `$ref` expanded. */
export const MAX_EXPANDED_RULE_SIZE = 100_000;

/**
 * The deepest a rule may nest with every `$ref` expanded: an operation is one level (its argument list is
 * not a level of its own), an array is one level, and a scalar or literal object is one level.
 * `{"==": [{"var": "x"}, 1]}` is three levels deep.
 */
export const MAX_EXPANDED_RULE_DEPTH = 200;

/** 1234567 → "1,234,567"; astronomically large sizes in exponent notation. */
function formatCount(n: number): string {
  if (n >= 1e15) return n.toExponential(2);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How big and how deep a rule is with every `$ref` expanded. */
export interface RuleExtent {
  readonly size: number;
  readonly depth: number;
  /**
   * False when the rule's own JSON nests beyond the depth limit: it was not followed further, so `size`
   * and `depth` are lower bounds.
   */
  readonly complete: boolean;
}

/** The problems of an extent against the limits, each naming the limit and the actual value. */
export function extentProblems(extent: RuleExtent): string[] {
  const problems: string[] = [];
  if (extent.depth > MAX_EXPANDED_RULE_DEPTH) {
    const depth = extent.complete ? formatCount(extent.depth) : `more than ${formatCount(extent.depth - 1)}`;
    problems.push(
      `nests ${depth} levels deep with every $ref expanded; the limit is ${MAX_EXPANDED_RULE_DEPTH} levels`,
    );
  }
  if (extent.size > MAX_EXPANDED_RULE_SIZE) {
    const size = extent.complete ? formatCount(extent.size) : `at least ${formatCount(extent.size)}`;
    problems.push(
      `has ${size} nodes with every $ref expanded; the limit is ${formatCount(MAX_EXPANDED_RULE_SIZE)} nodes`,
    );
  }
  return problems;
}
