import type { JsonValue } from '../types.js';

/**
 * Conditions that flags of one set write alike (`email` ends with the company's domain, the same
 * `sem_ver` gate, `plan` is "enterprise") compiled once and shared by every flag that writes them, as
 * `$evaluators` are. Flags are mostly copies of one another's rules, so a large set resolved in full
 * then holds a fraction of the compiled objects it would otherwise. Entries live as long as the set
 * (and the sets `withFlags` derives from it): one per distinct condition.
 */
export class SharedConditions {
  private readonly entries = new Map<string, unknown>();

  /** The value kept under `key`, made by `make` the first time. */
  get<T>(key: string, make: () => T): T {
    let value = this.entries.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      this.entries.set(key, value);
    }
    return value;
  }
}

/**
 * Operators whose compiled form depends on nothing but their arguments: not on the flag being resolved
 * (`fractional`, `$flagd` and the whole-context `var`, `missing`, which reads `$flagd` too, `$ref`) and
 * not on where they sit (iteration bodies read other data).
 */
const FLAG_INDEPENDENT = new Set([
  'var',
  'if',
  '?:',
  'and',
  'or',
  '!',
  '!!',
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  'min',
  'max',
  'in',
  'merge',
  'cat',
  'substr',
  'starts_with',
  'ends_with',
  'sem_ver',
]);

/** A `var` path that reads the context itself, not `$flagd` or the whole context with `$flagd` in it. */
function contextPath(path: JsonValue | undefined): boolean {
  if (typeof path === 'number') return true;
  return typeof path === 'string' && path !== '' && !path.startsWith('$flagd');
}

/**
 * Whether a rule compiles alike in every flag of a set, so that one compiled form can serve them all;
 * also that it is plain JSON, so that its `JSON.stringify` text names it without ambiguity (no
 * undefined, NaN or class instances, which that text would confuse with null or an object).
 */
export function flagIndependent(node: JsonValue): boolean {
  if (node === null || typeof node === 'string' || typeof node === 'boolean') return true;
  if (typeof node === 'number') return Number.isFinite(node);
  if (typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.every(flagIndependent);
  const proto = Object.getPrototypeOf(node);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(node);
  if (keys.length !== 1) return Object.values(node).every(flagIndependent);
  const op = keys[0]!;
  if (!FLAG_INDEPENDENT.has(op)) return false;
  const raw = node[op]!;
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'var' && !contextPath(args[0])) return false;
  return args.every(flagIndependent);
}
