import type { JsonValue } from '../types.js';
import type { Evaluate } from './compiler-types.js';

/** A node whose value is known at load time. */
export function constant(value: unknown): Evaluate {
  return () => value;
}

/**
 * Whether a raw JSON Logic node is literal data: scalars, arrays of literals, and objects that are not
 * single-key operations. Operators fold literal arguments at load time (an `in` list into a lookup).
 */
export function isLiteral(node: JsonValue | undefined): boolean {
  if (node === null || node === undefined || typeof node !== 'object') return true;
  if (Array.isArray(node)) return node.every(isLiteral);
  return Object.keys(node).length !== 1;
}

/** The value of a literal argument, or undefined when the argument depends on the context. */
export function constantOf(node: JsonValue | undefined): { value: unknown } | undefined {
  return node !== undefined && isLiteral(node) ? { value: node } : undefined;
}
