import type { Evaluate } from './compiler-types.js';

const CONSTANT = Symbol('constant');
type ConstantEvaluate = Evaluate & { [CONSTANT]: { value: unknown } };

/** A node whose value is known at load time, so operators can fold it (e.g. an `in` list into a Set). */
export function constant(value: unknown): Evaluate {
  const fn = (() => value) as unknown as ConstantEvaluate;
  fn[CONSTANT] = { value };
  return fn;
}

/** The folded value of a constant node, or undefined when the node depends on the context. */
export function constantOf(fn: Evaluate): { value: unknown } | undefined {
  return (fn as Partial<ConstantEvaluate>)[CONSTANT];
}
