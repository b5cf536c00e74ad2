import type { CaseJson, EvaluationCaseTag } from './evaluation-case-types.js';

/**
 * Context values a JSON file cannot hold, or should not spell out, written as `{"$special": kind, …}` and
 * built by the loader. Each kind names the tag a case using it must carry.
 */
interface SpecialKind {
  readonly tag: EvaluationCaseTag;
  /** Parameter names and whether each is a non-negative integer, a string or any JSON value. */
  readonly params: Readonly<Record<string, 'count' | 'string' | 'json'>>;
  /** Built as a getter of the object holding it rather than as a value. */
  readonly property?: (params: Params) => PropertyDescriptor;
  readonly build?: (params: Params) => unknown;
}

type Params = Readonly<Record<string, CaseJson | undefined>>;

const LARGEST_COUNT = 10_000_000;

function nest(depth: number, wrap: (inner: unknown) => unknown, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

function thrower(message: string): () => never {
  return () => {
    throw new Error(message);
  };
}

const HOSTILE_PROXY = new Proxy(
  {},
  {
    get: thrower('proxy get'),
    has: thrower('proxy has'),
    ownKeys: thrower('proxy ownKeys'),
    getPrototypeOf: thrower('proxy getPrototypeOf'),
    getOwnPropertyDescriptor: thrower('proxy getOwnPropertyDescriptor'),
  },
);

export const SPECIAL_KINDS: Readonly<Record<string, SpecialKind>> = {
  'nested-array': {
    tag: 'large-context',
    params: { depth: 'count' },
    build: (p) => nest(p.depth as number, (inner) => [inner], []),
  },
  'nested-object': {
    tag: 'large-context',
    params: { depth: 'count', key: 'string' },
    build: (p) => nest(p.depth as number, (inner) => ({ [p.key as string]: inner }), {}),
  },
  'long-string': {
    tag: 'large-context',
    params: { length: 'count', text: 'string' },
    build: (p) =>
      (p.text as string)
        .repeat(Math.ceil((p.length as number) / (p.text as string).length))
        .slice(0, p.length as number),
  },
  'long-array': {
    tag: 'large-context',
    params: { length: 'count', item: 'json' },
    build: (p) => new Array(p.length as number).fill(p.item),
  },
  'cyclic-object': {
    tag: 'context-types',
    params: {},
    build: () => {
      const value: Record<string, unknown> = { name: 'loop' };
      value.self = value;
      return value;
    },
  },
  'cyclic-array': {
    tag: 'context-types',
    params: {},
    build: () => {
      const value: unknown[] = ['loop'];
      value.push(value);
      return value;
    },
  },
  'throwing-getter': {
    tag: 'context-types',
    params: { message: 'string' },
    property: (p) => ({ enumerable: true, configurable: true, get: thrower(p.message as string) }),
  },
  'throwing-to-json': {
    tag: 'context-types',
    params: { message: 'string' },
    build: (p) => ({ toJSON: thrower(p.message as string) }),
  },
  'throwing-proxy': { tag: 'context-types', params: {}, build: () => HOSTILE_PROXY },
  date: { tag: 'context-types', params: { iso: 'string' }, build: (p) => new Date(p.iso as string) },
  bigint: { tag: 'context-types', params: { digits: 'string' }, build: (p) => BigInt(p.digits as string) },
  undefined: { tag: 'context-types', params: {}, build: () => undefined },
  function: { tag: 'context-types', params: { returns: 'json' }, build: (p) => () => p.returns },
  symbol: {
    tag: 'context-types',
    params: { description: 'string' },
    build: (p) => Symbol(p.description as string),
  },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function paramProblem(kind: string, name: string, type: string, value: unknown): string | undefined {
  if (value === undefined) return `"${kind}" needs "${name}"`;
  if (
    type === 'count' &&
    !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= LARGEST_COUNT)
  )
    return `"${name}" must be an integer from 0 to ${LARGEST_COUNT}`;
  if (type === 'string' && (typeof value !== 'string' || value === ''))
    return `"${name}" must be a non-empty string`;
  return undefined;
}

/** A marker of a kind that becomes a property (a getter) of the object holding it. */
function isPropertyMarker(value: unknown): value is Record<string, unknown> {
  if (!isObject(value) || !Object.hasOwn(value, '$special')) return false;
  const name = value.$special;
  return (
    typeof name === 'string' &&
    Object.hasOwn(SPECIAL_KINDS, name) &&
    SPECIAL_KINDS[name]!.property !== undefined
  );
}

/** Builds a context from its JSON, turning `$special` markers into values; problems are collected. */
export class SpecialValueBuilder {
  readonly tagsNeeded = new Set<EvaluationCaseTag>();

  constructor(private readonly report: (where: string, message: string) => void) {}

  value(json: unknown, where: string): unknown {
    if (Array.isArray(json)) return json.map((item, i) => this.value(item, `${where}/${i}`));
    if (!isObject(json)) return json;
    if (Object.hasOwn(json, '$special')) return this.special(json, where, false);
    const out = {};
    for (const [key, item] of Object.entries(json)) {
      const at = `${where}/${key}`;
      // defineProperty, not assignment: a context attribute named __proto__ stays an attribute.
      const descriptor = isPropertyMarker(item)
        ? (this.special(item, at, true) as PropertyDescriptor)
        : { value: this.value(item, at), enumerable: true, writable: true, configurable: true };
      Object.defineProperty(out, key, descriptor);
    }
    return out;
  }

  private kindOf(marker: Record<string, unknown>, where: string): SpecialKind | undefined {
    const name = marker.$special;
    if (typeof name === 'string' && Object.hasOwn(SPECIAL_KINDS, name)) return SPECIAL_KINDS[name];
    this.report(
      where,
      `unknown $special ${JSON.stringify(name)}; known: ${Object.keys(SPECIAL_KINDS).join(', ')}`,
    );
    return undefined;
  }

  private special(marker: Record<string, unknown>, where: string, asProperty: boolean): unknown {
    const kind = this.kindOf(marker, where);
    if (kind === undefined) return asProperty ? { value: null, enumerable: true } : null;
    const name = marker.$special as string;
    let sound = true;
    for (const key of Object.keys(marker)) {
      if (key !== '$special' && !Object.hasOwn(kind.params, key)) {
        this.report(where, `"${name}" takes no parameter "${key}"`);
        sound = false;
      }
    }
    for (const [param, type] of Object.entries(kind.params)) {
      const problem = paramProblem(name, param, type, marker[param]);
      if (problem !== undefined) {
        this.report(where, problem);
        sound = false;
      }
    }
    this.tagsNeeded.add(kind.tag);
    if (kind.property !== undefined && !asProperty) {
      this.report(where, `"${name}" can only be the value of an object property`);
      return null;
    }
    if (!sound) return asProperty ? { value: null, enumerable: true } : null;
    const params = marker as Params;
    return kind.property !== undefined ? kind.property(params) : kind.build!(params);
  }
}
