import { describeValue } from '../../describe-value.js';
import type { Evaluate, OperatorCompiler } from '../compiler-types.js';
import { constantOf } from '../constant.js';
import { compareSemVer, parseSemVer, type SemVer } from '../semver/parse-semver.js';
import { checkArity, compileArgs } from './compile-args.js';

type Relation = (a: SemVer, b: SemVer) => boolean;

// `^` and `~` are flagd's, not npm's: same major, and same major and minor.
const relations: Record<string, Relation> = {
  '=': (a, b) => compareSemVer(a, b) === 0,
  '!=': (a, b) => compareSemVer(a, b) !== 0,
  '<': (a, b) => compareSemVer(a, b) < 0,
  '<=': (a, b) => compareSemVer(a, b) <= 0,
  '>': (a, b) => compareSemVer(a, b) > 0,
  '>=': (a, b) => compareSemVer(a, b) >= 0,
  '^': (a, b) => a.major === b.major,
  '~': (a, b) => a.major === b.major && a.minor === b.minor,
};

/** Versions arrive as strings or numbers (`1.2` means "1.2"); anything else is not a version. */
function toSemVer(value: unknown): SemVer | undefined {
  if (typeof value === 'string') return parseSemVer(value);
  if (typeof value === 'number' && Number.isFinite(value)) return parseSemVer(String(value));
  return undefined;
}

const CACHE_LIMIT = 4096;

/**
 * A parser backed by a cache: the versions an application reports are few (one per release), so most
 * evaluations find theirs parsed. The cache belongs to one flag set and is cleared when full.
 */
function cachedParser(cache: Map<string, SemVer | undefined>): (value: unknown) => SemVer | undefined {
  return (value) => {
    if (typeof value !== 'string') return toSemVer(value);
    let parsed = cache.get(value);
    if (parsed === undefined && !cache.has(value)) {
      parsed = parseSemVer(value);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(value, parsed);
    }
    return parsed;
  };
}

function relationOf(op: unknown): Relation | undefined {
  return typeof op === 'string' && Object.hasOwn(relations, op) ? relations[op] : undefined;
}

/** `{"sem_ver": [version, operator, target]}`; null on any invalid input, never false. */
export const compileSemVer: OperatorCompiler = (args, scope, path) => {
  checkArity('sem_ver', args, scope, path, 3);
  if (args.length !== 3) return () => null;
  const [versionFn, opFn, targetFn] = compileArgs(args, scope, path) as [Evaluate, Evaluate, Evaluate];
  const opConst = constantOf(args[1]);
  const targetConst = constantOf(args[2]);
  const versionConst = constantOf(args[0]);
  if (opConst && !relationOf(opConst.value))
    scope.report?.(`${path}/1`, `unknown sem_ver operator ${describeValue(opConst.value)}`);
  if (targetConst && !toSemVer(targetConst.value))
    scope.report?.(`${path}/2`, `${describeValue(targetConst.value)} is not a semantic version`);
  if (versionConst && !toSemVer(versionConst.value))
    scope.report?.(`${path}/0`, `${describeValue(versionConst.value)} is not a semantic version`);

  if (opConst && targetConst) {
    // The usual shape: operator and target are literals, parsed once at load time.
    const relation = relationOf(opConst.value);
    const target = toSemVer(targetConst.value);
    if (!relation || !target) return () => null;
    const parse = cachedParser(scope.versionCache ?? new Map());
    return (data, ctx) => {
      const version = parse(versionFn(data, ctx));
      return version ? relation(version, target) : null;
    };
  }
  return (data, ctx) => {
    const relation = relationOf(opFn(data, ctx));
    const version = toSemVer(versionFn(data, ctx));
    const target = toSemVer(targetFn(data, ctx));
    return relation && version && target ? relation(version, target) : null;
  };
};
