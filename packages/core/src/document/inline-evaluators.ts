import { TargetingCompileError } from '../targeting/compiler-types.js';
import type { JsonValue } from '../types.js';

function refName(node: JsonValue): string | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 && keys[0] === '$ref' && typeof node.$ref === 'string' ? node.$ref : undefined;
}

/**
 * Replaces every `{"$ref": "name"}` with the shared rule from `$evaluators`, as flagd does when it loads a
 * document (flagd substitutes text; replacing whole single-key objects is the same, whitespace aside).
 * Unknown names stay in place so the flag fails with PARSE_ERROR; a rule that refers to itself throws.
 */
export function inlineEvaluators(
  node: JsonValue,
  evaluators: Readonly<Record<string, JsonValue>>,
  expanding: string[] = [],
): JsonValue {
  const name = refName(node);
  if (name !== undefined) {
    if (!Object.hasOwn(evaluators, name)) return node;
    if (expanding.includes(name)) {
      throw new TargetingCompileError(
        '',
        `evaluator "${name}" refers to itself (${[...expanding, name].join(' → ')})`,
      );
    }
    return inlineEvaluators(evaluators[name]!, evaluators, [...expanding, name]);
  }
  if (Array.isArray(node)) return node.map((item) => inlineEvaluators(item, evaluators, expanding));
  if (typeof node === 'object' && node !== null) {
    const out: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(node))
      out[key] = inlineEvaluators(value, evaluators, expanding);
    return out;
  }
  return node;
}

/** True when the tree contains a `$ref` anywhere (so documents without them skip the copy). */
export function hasRefs(node: JsonValue): boolean {
  if (refName(node) !== undefined) return true;
  if (Array.isArray(node)) return node.some(hasRefs);
  if (typeof node === 'object' && node !== null) return Object.values(node).some(hasRefs);
  return false;
}
