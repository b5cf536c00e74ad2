import { fnv1a } from '../hashing/fnv1a.js';
import type { JsonValue } from '../types.js';

/**
 * Conditions that flags of one set write alike (`email` ends with the company's domain, the same
 * `sem_ver` gate, `plan` is "enterprise") compiled once and shared by every flag that writes them, as
 * `$evaluators` are. Flags are mostly copies of one another's rules, so a large set resolved in full
 * then holds a fraction of the compiled objects it would otherwise. Entries live as long as the set
 * (and the sets `withFlags` derives from it). Each kind of shared object has its own table.
 */
export class SharedConditions {
  private readonly tables = new Map<string, InternTable<unknown>>();

  /** The table of `kind`, whose values `textOf` names (same text, interchangeable values). */
  table<T>(kind: string, textOf: (value: T) => string): InternTable<T> {
    let table = this.tables.get(kind) as InternTable<T> | undefined;
    if (table === undefined) {
      table = new InternTable(textOf);
      this.tables.set(kind, table as InternTable<unknown>);
    }
    return table;
  }
}

/** Values that share a hash (rare): kept side by side. */
class Collided<T> {
  constructor(readonly items: T[]) {}
}

/**
 * Values kept by the hash of the text that names them. The text is computed again to compare, never
 * stored, so a condition no other flag shares costs one map entry, not a copy of its JSON.
 */
export class InternTable<T> {
  private readonly byHash = new Map<number, T | Collided<T>>();

  constructor(private readonly textOf: (value: T) => string) {}

  /** The kept value named as `value` is, or `value` itself, kept from now on. */
  intern(value: T): T {
    const text = this.textOf(value);
    const hash = fnv1a(text);
    const found = this.byHash.get(hash);
    if (found === undefined) {
      this.byHash.set(hash, value);
      return value;
    }
    const items = found instanceof Collided ? found.items : [found];
    for (const item of items) if (this.textOf(item) === text) return item;
    if (found instanceof Collided) found.items.push(value);
    else this.byHash.set(hash, new Collided([found, value]));
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
