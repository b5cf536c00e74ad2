import { describeValue } from '../../describe-value.js';
import { bucketOf } from '../../hashing/bucket.js';
import { pointer } from '../../json-pointer.js';
import type { EvaluationContext, JsonValue } from '../../types.js';
import {
  type CompileScope,
  currentFlagKey,
  type Evaluate,
  type FlagKeySource,
  type OperatorCompiler,
} from '../compiler-types.js';
import { constantOf, isLiteral } from '../constant.js';
import {
  type BucketProblem,
  type BucketTable,
  isBucketTable,
  parseBuckets,
  pickIndex,
} from '../fractional/bucket-table.js';
import type { BucketingStrategy } from '../fractional/bucketing-strategy.js';
import { flagIndependent } from '../shared-conditions.js';
import { checkArity, compileArgs } from './compile-args.js';

interface Pick {
  hash: number;
  table: BucketTable;
  explicit: unknown;
}

/** Hashes the implicit key (flag key + targeting key) of the flag being resolved. */
type ImplicitHash = (targetingKey: unknown) => number | null;

/**
 * The flag's own targeting knows its key at load time: its prefix is hashed once. A shared rule serves
 * every flag that refers to it, so it keeps one hasher per flag, made on first use (as many as the set
 * has flags).
 */
function implicitHashOf(strategy: BucketingStrategy, flagKey: FlagKeySource): ImplicitHash {
  if (typeof flagKey === 'string') return strategy.implicitHasher(flagKey);
  const byFlag = new Map<string, ImplicitHash>();
  return (targetingKey) => {
    let hash = byFlag.get(flagKey.key);
    if (hash === undefined) {
      hash = strategy.implicitHasher(flagKey.key);
      byFlag.set(flagKey.key, hash);
    }
    return hash(targetingKey);
  };
}

/** Splits evaluated arguments into the hash and the bucket list, as the strategy reads the first one. */
function hashAndBuckets(
  values: unknown[],
  strategy: BucketingStrategy,
  implicitHash: ImplicitHash,
  ctx: EvaluationContext,
): { hash: number; buckets: unknown[]; explicit: unknown } | null {
  const first = values[0];
  switch (strategy.classifyFirst(first)) {
    case 'key': {
      const hash = strategy.explicitHash(first);
      return hash === null ? null : { hash, buckets: values.slice(1), explicit: first };
    }
    case 'implicit-drop':
    case 'implicit-bucket': {
      const hash = implicitHash(ctx.targetingKey);
      const dropFirst = strategy.classifyFirst(first) === 'implicit-drop';
      return hash === null
        ? null
        : { hash, buckets: dropFirst ? values.slice(1) : values, explicit: undefined };
    }
    default:
      return null;
  }
}

/** Strict checks of the bucket definitions; parts computed at evaluation time are checked then instead. */
function reportBuckets(scope: CompileScope, path: string, args: JsonValue[], offset: number): void {
  const report = scope.report;
  if (!report) return;
  const literalTable: unknown[] = [];
  for (let i = offset; i < args.length; i++) {
    const bucket = args[i];
    const at = pointer(path, i);
    if (!Array.isArray(bucket)) {
      if (isLiteral(bucket)) report(at, 'each bucket must be [variant] or [variant, weight]');
      continue;
    }
    if (bucket.length === 0 || bucket.length > 2)
      report(at, 'each bucket must be [variant] or [variant, weight]');
    const weight = bucket[1];
    if (typeof weight === 'number' && weight < 0)
      report(pointer(at, 1), 'a bucket weight must not be negative');
    if (isLiteral(bucket)) literalTable.push(bucket);
  }
  if (literalTable.length !== args.length - offset) return;
  const parsed = parseBuckets(literalTable);
  if (!isBucketTable(parsed))
    report(parsed.index === undefined ? path : pointer(path, parsed.index + offset), parsed.message);
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function isFlagKeyVar(node: JsonValue | undefined): boolean {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return false;
  const path = Array.isArray(node.var) && node.var.length === 1 ? node.var[0] : node.var;
  return path === '$flagd.flagKey';
}

/**
 * The second part of a key written `{"cat": [{"var": "$flagd.flagKey"}, rest]}` in a flag's own
 * targeting, compiled: that key is the flag key (a constant) followed by `rest`, so the flag key can be
 * hashed once. Undefined for any other key. A flag key ending in half a surrogate pair is left to the
 * general path: joined with the rest it could encode differently than hashed apart.
 */
function flagKeyPrefixedRest(
  node: JsonValue | undefined,
  scope: CompileScope,
  path: string,
): Evaluate | undefined {
  if (typeof scope.flagKey !== 'string' || !scope.atRoot) return undefined;
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  const parts = node.cat;
  if (keys.length !== 1 || !Array.isArray(parts) || parts.length !== 2 || !isFlagKeyVar(parts[0]))
    return undefined;
  const last = scope.flagKey.charCodeAt(scope.flagKey.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) return undefined;
  return scope.compile(parts[1]!, path);
}

/** A literal table keyed on `cat($flagd.flagKey, rest)`: only the rest is hashed per evaluation. */
function compilePrefixedTable(table: BucketTable, rest: Evaluate, hash: (rest: string) => number): Evaluate {
  const { variants } = table;
  return (data, ctx) => variants[pickIndex(table, hash(text(rest(data, ctx))))];
}

/** The usual shape: literal buckets, parsed once at load time; only the key is evaluated. */
function compileFixedTable(
  table: BucketTable,
  keyFn: Evaluate | undefined,
  strategy: BucketingStrategy,
  implicitHash: ImplicitHash,
): Evaluate {
  const { variants } = table;
  if (!keyFn) {
    return (_data, ctx) => {
      const hash = implicitHash(ctx.targetingKey);
      return hash === null ? null : variants[pickIndex(table, hash)];
    };
  }
  return (data, ctx) => {
    const key = keyFn(data, ctx);
    const kind = strategy.classifyFirst(key);
    let hash: number | null;
    if (kind === 'key') hash = strategy.explicitHash(key);
    else if (kind === 'implicit-drop') hash = implicitHash(ctx.targetingKey);
    else return null; // an evaluated key that is itself a bucket: the fixed table no longer applies.
    return hash === null ? null : variants[pickIndex(table, hash)];
  };
}

function traced(
  scope: CompileScope,
  path: string,
  pick: (data: unknown, ctx: EvaluationContext) => Pick | null,
): Evaluate {
  const { trace, bucketing, flagKey } = scope;
  return (data, ctx) => {
    const picked = pick(data, ctx);
    if (!picked) {
      trace?.({
        path,
        kind: 'fractional',
        message: 'fractional gave no result (no usable bucketing key or weights)',
      });
      return null;
    }
    const index = pickIndex(picked.table, picked.hash);
    const variant = picked.table.variants[index];
    const bucketingKey = bucketing.describeKey(picked.explicit, currentFlagKey(flagKey), ctx.targetingKey);
    const bucket = bucketOf(picked.hash, picked.table.total);
    trace?.({
      path,
      kind: 'fractional',
      message: `bucketing key ${describeValue(bucketingKey)} hashes to ${picked.hash}: position ${bucket} of ${picked.table.total} falls in entry ${index + 1} of ${picked.table.variants.length}, ${describeValue(variant)}`,
      data: {
        bucketingKey,
        hash: picked.hash,
        totalWeight: picked.table.total,
        bucket,
        bucketIndex: index,
        variant,
      },
    });
    return variant;
  };
}

/** Literal buckets as a table, shared by the flags of the set that split alike (see shared-conditions.ts). */
function foldedTable(buckets: unknown[], scope: CompileScope): BucketTable | BucketProblem {
  const table = parseBuckets(buckets);
  const shared = scope.conditions;
  if (shared === undefined || !isBucketTable(table) || !buckets.every((b) => flagIndependent(b as JsonValue)))
    return table;
  return shared
    .table('buckets', (t: BucketTable) => JSON.stringify([t.variants, t.cumulative]))
    .intern(table);
}

/** flagd's `fractional`: sticky, weighted bucketing of a key (v2 by default; see BucketingStrategy). */
export const compileFractional: OperatorCompiler = (args, scope, path) => {
  checkArity('fractional', args, scope, path, 1, Number.POSITIVE_INFINITY);
  const fns = compileArgs(args, scope, path);
  const { bucketing: strategy, flagKey } = scope;
  const implicitHash = implicitHashOf(strategy, flagKey);
  const shorthand = Array.isArray(args[0]);
  const offset = shorthand ? 0 : 1;
  reportBuckets(scope, path, args, offset);

  const generic = (data: unknown, ctx: EvaluationContext): Pick | null => {
    const split = hashAndBuckets(
      fns.map((fn) => fn(data, ctx)),
      strategy,
      implicitHash,
      ctx,
    );
    if (!split) return null;
    const table = parseBuckets(split.buckets);
    return isBucketTable(table) ? { hash: split.hash, table, explicit: split.explicit } : null;
  };
  if (scope.trace) return traced(scope, path, generic);

  const folded = args.slice(offset).map((arg) => constantOf(arg));
  if (fns.length > offset && folded.every((c) => c !== undefined)) {
    const table = foldedTable(
      folded.map((c) => c!.value),
      scope,
    );
    if (!isBucketTable(table)) return () => null;
    const rest = shorthand ? undefined : flagKeyPrefixedRest(args[0], scope, path);
    if (rest && strategy.prefixHasher)
      return compilePrefixedTable(table, rest, strategy.prefixHasher(scope.flagKey as string));
    return compileFixedTable(table, shorthand ? undefined : fns[0], strategy, implicitHash);
  }
  return (data, ctx) => {
    const picked = generic(data, ctx);
    return picked ? picked.table.variants[pickIndex(picked.table, picked.hash)] : null;
  };
};
