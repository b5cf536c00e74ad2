import type { EvaluationContext, JsonValue } from '../types.js';
import { readSlot, slotOf } from './attribute-slots.js';
import type { CompileScope, Evaluate } from './compiler-types.js';
import { constantOf } from './constant.js';
import { distinctMembers } from './operators/arrays.js';
import { plainAttribute } from './operators/plain-attribute.js';
import { flagIndependent } from './shared-conditions.js';
import { StringList } from './string-list.js';
import { truthy } from './truthy.js';

// What one test of a condition does. Attribute tests read `data[name]` and compare it with literals
// inline; anything else is a compiled node (NODE), called and tested for truthiness.
const LOOSE_EQUAL = 0;
const LOOSE_NOT_EQUAL = 1;
const STRICT_EQUAL = 2;
const STRICT_NOT_EQUAL = 3;
const ONE_OF = 4;
const IN_SET = 5;
const NODE = 6;
/** `==` / `!=` with a string: a string value compares strictly, and only a non-string coerces. */
const STRING_EQUAL = 7;
const STRING_NOT_EQUAL = 8;
const STARTS_WITH = 9;
const ENDS_WITH = 10;
/** A longer `in` list of strings: `a` is its StringList. */
const IN_STRINGS = 11;

/** Fills the unused member slots of a short `in` list: no context value is this object. */
const NO_MEMBER = Object.freeze({});

/** What a test compares, before it is placed in its condition. */
interface TestSpec {
  readonly kind: number;
  readonly name: string;
  readonly a: unknown;
  readonly b?: unknown;
  readonly c?: unknown;
  readonly d?: unknown;
  readonly set?: ReadonlySet<unknown>;
  readonly fn?: Evaluate;
  /** Whether flags of the set that have this test at the same place may share it. */
  readonly shareable?: boolean;
}

/**
 * One test of an `if` condition. A class, so that every test has one hidden class and the loop's
 * loads stay monomorphic; `branch`, `any`, `last` and `next` place the test in its condition. The
 * fields are assigned in the constructor only (`declare`: no class-field definitions first, which
 * would store undefined in every field and widen the small-integer fields to any value).
 */
class Test {
  declare readonly kind: number;
  declare readonly name: string;
  /** Where `name` is read (see attribute-slots.ts). */
  declare readonly slot: number;
  declare readonly a: unknown;
  declare readonly b: unknown;
  declare readonly c: unknown;
  declare readonly d: unknown;
  declare readonly set: ReadonlySet<unknown> | undefined;
  declare readonly fn: Evaluate | undefined;
  /** The condition's index: what the table answers when the condition holds. */
  declare readonly branch: number;
  /** True in an `or` condition (one truthy test suffices), false in an `and` or a single test. */
  declare readonly any: boolean;
  /** The condition's last test. */
  declare readonly last: boolean;
  /** Index of the next condition's first test. */
  declare readonly next: number;

  constructor(spec: TestSpec, branch: number, any: boolean, last: boolean, next: number) {
    this.kind = spec.kind;
    this.name = spec.name;
    this.slot = spec.kind === NODE ? 0 : slotOf(spec.name);
    this.a = spec.a;
    this.b = spec.b;
    this.c = spec.c;
    this.d = spec.d;
    this.set = spec.set;
    this.fn = spec.fn;
    this.branch = branch;
    this.any = any;
    this.last = last;
    this.next = next;
  }
}

/**
 * An `if` whose branches are literals (the final else aside), compiled to one loop over all its
 * conditions' tests: `firstBranch` gives the index of the first condition that holds, or `values.length`.
 */
export interface BranchTable {
  readonly tests: readonly Test[];
  /** The branch value of each condition. */
  readonly values: readonly unknown[];
  /** The final else when it is not a literal. */
  readonly otherwise: Evaluate | undefined;
  /** The final else when it is a literal (null when there is none). */
  readonly elseValue: unknown;
}

const EQUALITY_KINDS: Readonly<Record<string, number>> = {
  '==': LOOSE_EQUAL,
  '!=': LOOSE_NOT_EQUAL,
  '===': STRICT_EQUAL,
  '!==': STRICT_NOT_EQUAL,
};

/** `{op: [{"var": name}, literal]}` as the fused comparison closures read it (see comparison.ts). */
function equalityTest(op: string, args: JsonValue[], scope: CompileScope): TestSpec | undefined {
  const kind = EQUALITY_KINDS[op];
  if (kind === undefined || args.length !== 2) return undefined;
  const name = plainAttribute(args[0], scope);
  const literal = constantOf(args[1]);
  // An absent attribute is undefined here and null for `var`: the same answer unless the literal is null.
  if (name === undefined || !literal || literal.value === null) return undefined;
  if (typeof literal.value === 'string' && (kind === LOOSE_EQUAL || kind === LOOSE_NOT_EQUAL))
    return { kind: kind === LOOSE_EQUAL ? STRING_EQUAL : STRING_NOT_EQUAL, name, a: literal.value };
  return { kind, name, a: literal.value };
}

function isScalar(value: unknown): boolean {
  return typeof value !== 'object' && typeof value !== 'function';
}

/** An attribute test may be shared unless a literal is one JSON cannot spell (see testText). */
function shareable(spec: TestSpec): TestSpec {
  const literals = [spec.a, spec.b, spec.c, spec.d];
  const plain = literals.every((v) => v === undefined || v === NO_MEMBER || flagIndependent(v as JsonValue));
  return plain ? { ...spec, shareable: true } : spec;
}

/** `{"in": [{"var": name}, [scalars, no null]]}`, as `attributeIn` in arrays.ts reads it. */
function inTest(args: JsonValue[], scope: CompileScope): TestSpec | undefined {
  if (args.length !== 2) return undefined;
  const name = plainAttribute(args[0], scope);
  const list = constantOf(args[1])?.value;
  if (name === undefined || !Array.isArray(list) || !list.every(isScalar)) return undefined;
  const members = distinctMembers(list);
  if (members.length > 4) {
    const strings = StringList.of(list);
    if (strings !== undefined) return { kind: IN_STRINGS, name, a: strings };
    return { kind: IN_SET, name, a: NO_MEMBER, set: new Set(members) };
  }
  // Unused slots repeat a member: the comparisons then see one type (a quicker strict equality).
  const [a = NO_MEMBER, b = a, c = b, d = c] = members;
  return { kind: ONE_OF, name, a, b, c, d };
}

/** `{"starts_with" | "ends_with": [{"var": name}, "literal"]}`: null (falsy) unless the value is a string. */
function affixTest(op: string, args: JsonValue[], scope: CompileScope): TestSpec | undefined {
  if (args.length !== 2 || typeof args[1] !== 'string') return undefined;
  const name = plainAttribute(args[0], scope);
  if (name === undefined) return undefined;
  return { kind: op === 'starts_with' ? STARTS_WITH : ENDS_WITH, name, a: args[1] };
}

function simpleTest(op: string, args: JsonValue[], scope: CompileScope): TestSpec | undefined {
  if (op === 'in') {
    const spec = inTest(args, scope);
    // A longer list is usually the flag's own (ids), and its key would be as long as the list.
    return spec?.kind === ONE_OF ? shareable(spec) : spec;
  }
  const spec =
    op === 'starts_with' || op === 'ends_with' ? affixTest(op, args, scope) : equalityTest(op, args, scope);
  return spec && shareable(spec);
}

function operation(node: JsonValue): [string, JsonValue[]] | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const raw = node[keys[0]!]!;
  return [keys[0]!, Array.isArray(raw) ? raw : [raw]];
}

function compileTest(node: JsonValue, scope: CompileScope, path: string): TestSpec {
  const op = operation(node);
  const simple = op === undefined ? undefined : simpleTest(op[0], op[1], scope);
  if (simple) return simple;
  // `a` keeps the node (the document's own) to name the test when it is shared.
  const conditions = scope.conditions;
  if (conditions === undefined || !flagIndependent(node))
    return { kind: NODE, name: '', a: node, fn: scope.compile(node, path) };
  // One closure for a condition wherever it sits, so that the loop's call site sees one target.
  const compiled: CompiledNode = { node, fn: scope.compile(node, path) };
  const { fn } = conditions.table('closures', nodeText).intern(compiled);
  return { kind: NODE, name: '', a: node, fn, shareable: true };
}

/** A condition's node and its closure, kept among the shared ones by the node's JSON text. */
interface CompiledNode {
  readonly node: JsonValue;
  readonly fn: Evaluate;
}

function nodeText(compiled: CompiledNode): string {
  return JSON.stringify(compiled.node);
}

/** What names a test among the shared ones: its place and what it compares (a node: its JSON). */
function testText(t: Test): string {
  const literal = (v: unknown) => (v === NO_MEMBER ? {} : v);
  return JSON.stringify([t.branch, t.any, t.last, t.next, t.kind, t.name, t.a, t.b, t.c, t.d].map(literal));
}

/** The test, shared with the flags of the set that have the same test at the same place. */
function placedTest(
  spec: TestSpec,
  scope: CompileScope,
  branch: number,
  any: boolean,
  last: boolean,
  next: number,
): Test {
  const test = new Test(spec, branch, any, last, next);
  const shared = scope.conditions;
  return shared !== undefined && spec.shareable ? shared.table('tests', testText).intern(test) : test;
}

/** The tests of one condition: the arguments of an `and` / `or`, or the condition itself. */
function conditionTests(
  node: JsonValue,
  scope: CompileScope,
  path: string,
): { any: boolean; specs: TestSpec[] } {
  const op = operation(node);
  if (op !== undefined && (op[0] === 'and' || op[0] === 'or') && op[1].length > 0) {
    const opPath = scope.at(path, op[0]);
    return {
      any: op[0] === 'or',
      specs: op[1].map((arg, i) => compileTest(arg, scope, scope.at(opPath, i))),
    };
  }
  return { any: false, specs: [compileTest(node, scope, path)] };
}

/**
 * The `if` arguments as a branch table, or undefined when a branch is not a literal or there is no
 * condition. Not for traced compilation: explain reports each condition's value.
 */
export function compileBranchTable(
  args: JsonValue[],
  scope: CompileScope,
  path: string,
): BranchTable | undefined {
  if (scope.trace || args.length < 2) return undefined;
  const conditions = Math.floor(args.length / 2);
  const values: unknown[] = [];
  for (let i = 0; i < conditions; i++) {
    const branch = constantOf(args[2 * i + 1]);
    if (!branch) return undefined;
    values.push(branch.value);
  }
  const tests: Test[] = [];
  for (let i = 0; i < conditions; i++) {
    const { any, specs } = conditionTests(args[2 * i]!, scope, scope.at(path, 2 * i));
    const next = tests.length + specs.length;
    specs.forEach((spec, j) => {
      tests.push(placedTest(spec, scope, i, any, j === specs.length - 1, next));
    });
  }
  const last = args.length % 2 === 1 ? args[args.length - 1]! : null;
  const literalElse = constantOf(last);
  const shared = scope.conditions;
  return {
    tests,
    values:
      shared !== undefined && values.every((v) => flagIndependent(v as JsonValue))
        ? shared.table('values', JSON.stringify).intern(values)
        : values,
    otherwise: literalElse ? undefined : scope.compile(last, scope.at(path, args.length - 1)),
    elseValue: literalElse ? literalElse.value : null,
  };
}

/** The index of the first condition that holds, or `values.length` when none does. */
export function firstBranch(table: BranchTable, data: unknown, ctx: EvaluationContext): number {
  const tests = table.tests;
  const n = tests.length;
  const record = data === null || data === undefined ? undefined : (data as Record<string, unknown>);
  let i = 0;
  while (i < n) {
    const t = tests[i]!;
    let ok: boolean;
    if (t.kind === NODE) {
      const v = t.fn!(data, ctx);
      ok = v === true || (v !== false && truthy(v));
    } else {
      const v = record === undefined ? undefined : readSlot(record, t.slot, t.name);
      switch (t.kind) {
        case ONE_OF:
          ok = v === t.a || v === t.b || v === t.c || v === t.d;
          break;
        case STRING_EQUAL:
          // biome-ignore lint/suspicious/noDoubleEquals: JSON Logic's == is loose by definition
          ok = v === t.a || (typeof v !== 'string' && v !== null && v !== undefined && v == t.a);
          break;
        case STRICT_EQUAL:
          ok = v === t.a;
          break;
        case LOOSE_EQUAL:
          // Loose equality between values of one type is strict equality.
          // biome-ignore lint/suspicious/noDoubleEquals: JSON Logic's == is loose by definition
          ok = v === t.a || (typeof v !== typeof t.a && v == t.a);
          break;
        case IN_STRINGS:
          ok = (t.a as StringList).has(v);
          break;
        case IN_SET:
          ok = t.set!.has(v);
          break;
        case ENDS_WITH:
          ok = typeof v === 'string' && v.endsWith(t.a as string);
          break;
        case STARTS_WITH:
          ok = typeof v === 'string' && v.startsWith(t.a as string);
          break;
        case STRICT_NOT_EQUAL:
          ok = v !== t.a;
          break;
        case STRING_NOT_EQUAL:
          // biome-ignore lint/suspicious/noDoubleEquals: JSON Logic's != is loose by definition
          ok = v !== t.a && (typeof v === 'string' || v === null || v === undefined || v != t.a);
          break;
        default:
          // biome-ignore lint/suspicious/noDoubleEquals: JSON Logic's != is loose by definition
          ok = v !== t.a && (typeof v === typeof t.a || v != t.a);
      }
    }
    // An `or` met or an `and` failed decides the condition; so does the last test of one.
    if (ok === t.any) {
      if (ok) return t.branch;
      i = t.next;
    } else if (t.last) {
      if (ok) return t.branch;
      i = t.next;
    } else {
      i++;
    }
  }
  return table.values.length;
}
