import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CASE_ERROR_CODES,
  CASE_REASONS,
  CASE_VALUE_TYPES,
  type CaseJson,
  type CaseValueType,
  EVALUATION_CASE_TAGS,
  EVALUATION_CASES_VERSION,
  type EvaluationCase,
  type EvaluationCaseTag,
  type ExpectedResolution,
} from './evaluation-case-types.js';
import { SpecialValueBuilder } from './special-values.js';

/** `packages/testkit/cases/evaluation-cases.json`: the project's evaluation cases, one file for every target. */
export const EVALUATION_CASES_PATH = fileURLToPath(
  new URL('../../cases/evaluation-cases.json', import.meta.url),
);

/** A cases file that does not have the expected shape; `problems` lists every one, with where it is. */
export class EvaluationCasesError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const shown = problems.slice(0, 10).join('\n  ');
    const more = problems.length > 10 ? `\n  … and ${problems.length - 10} more` : '';
    super(`invalid evaluation cases file:\n  ${shown}${more}`);
    this.name = 'EvaluationCasesError';
    this.problems = problems;
  }
}

type JsonObject = Record<string, unknown>;

const FILE_KEYS = ['$comment', 'version', 'tags', 'flagSets', 'cases'];
const CASE_KEYS = [
  'name',
  '$comment',
  'flagSet',
  'flag',
  'type',
  'defaultValue',
  'context',
  'expected',
  'tags',
];
const EXPECTED_KEYS = ['value', 'variant', 'reason', 'errorCode', 'flagMetadata'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFlagSet(value: unknown): value is JsonObject {
  return isObject(value) && (isObject(value.flags) || Array.isArray(value.flags));
}

function includes<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Whether a value is what the typed accessor `type` returns (objects: any JSON object or array). */
function ofType(value: unknown, type: CaseValueType): boolean {
  if (type === 'object') return typeof value === 'object' && value !== null;
  return typeof value === type;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) => Object.hasOwn(b, key) && sameJson((a as JsonObject)[key], (b as JsonObject)[key]),
  );
}

class CaseReader {
  readonly problems: string[] = [];
  private readonly names = new Set<string>();
  readonly usedSets = new Set<string>();

  constructor(private readonly flagSets: JsonObject) {}

  problem(where: string, message: string): void {
    this.problems.push(`${where}: ${message}`);
  }

  unknownKeys(value: JsonObject, allowed: readonly string[], where: string): void {
    for (const key of Object.keys(value))
      if (!allowed.includes(key))
        this.problem(where, `unknown member "${key}" (allowed: ${allowed.join(', ')})`);
  }

  read(raw: unknown, index: number): EvaluationCase | undefined {
    const label = isObject(raw) && typeof raw.name === 'string' && raw.name !== '' ? ` "${raw.name}"` : '';
    const where = `cases/${index}${label}`;
    if (!isObject(raw)) {
      this.problem(where, 'a case must be an object');
      return undefined;
    }
    const before = this.problems.length;
    this.unknownKeys(raw, CASE_KEYS, where);
    const { name, flag, type, defaultValue } = raw;
    if (typeof name !== 'string' || name.trim() === '')
      this.problem(where, '"name" must be a non-empty string');
    else if (this.names.has(name)) this.problem(where, `"name" is used by another case`);
    else this.names.add(name);
    const flagSet = this.flagSetOf(raw.flagSet, where);
    if (typeof flag !== 'string') this.problem(where, '"flag" must be a string (a flag key)');
    if (!includes(CASE_VALUE_TYPES, type))
      this.problem(where, `"type" must be one of ${CASE_VALUE_TYPES.join(', ')}`);
    else if (!ofType(defaultValue, type)) this.problem(where, `"defaultValue" must be a ${type}`);
    const tags = this.tagsOf(raw.tags, where);
    const builder = new SpecialValueBuilder((at, message) => this.problem(`${where}/context${at}`, message));
    if (raw.context !== undefined && !isObject(raw.context))
      this.problem(where, '"context" must be an object');
    const context = (isObject(raw.context) ? builder.value(raw.context, '') : {}) as Record<string, unknown>;
    for (const needed of builder.tagsNeeded)
      if (!tags.includes(needed)) this.problem(where, `its context needs the tag "${needed}"`);
    for (const tag of ['context-types', 'large-context'] as const)
      if (tags.includes(tag) && !builder.tagsNeeded.has(tag))
        this.problem(where, `tagged "${tag}" but its context has no such value`);
    const expected = this.expectedOf(raw.expected, type, defaultValue, where);
    if (this.problems.length > before || flagSet === undefined || expected === undefined) return undefined;
    return {
      name: name as string,
      flagSetName: typeof raw.flagSet === 'string' ? raw.flagSet : undefined,
      flagSet,
      flag: flag as string,
      type: type as CaseValueType,
      defaultValue: defaultValue as CaseJson,
      context,
      expected,
      tags,
    };
  }

  private flagSetOf(value: unknown, where: string): JsonObject | undefined {
    if (typeof value === 'string') {
      if (Object.hasOwn(this.flagSets, value)) {
        this.usedSets.add(value);
        return this.flagSets[value] as JsonObject;
      }
      this.problem(where, `"flagSet" names "${value}", which is not in "flagSets"`);
      return undefined;
    }
    if (isFlagSet(value)) return value;
    this.problem(where, '"flagSet" must name a shared flag set or be a flag set with "flags"');
    return undefined;
  }

  private tagsOf(value: unknown, where: string): EvaluationCaseTag[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem(where, '"tags" must be an array');
      return [];
    }
    const tags: EvaluationCaseTag[] = [];
    for (const tag of value) {
      if (!includes(EVALUATION_CASE_TAGS, tag)) this.problem(where, `unknown tag ${JSON.stringify(tag)}`);
      else if (tags.includes(tag)) this.problem(where, `tag "${tag}" is given twice`);
      else tags.push(tag);
    }
    return tags;
  }

  private expectedOf(
    value: unknown,
    type: unknown,
    defaultValue: unknown,
    where: string,
  ): ExpectedResolution | undefined {
    const at = `${where}/expected`;
    if (!isObject(value)) {
      this.problem(where, '"expected" must be an object');
      return undefined;
    }
    this.unknownKeys(value, EXPECTED_KEYS, at);
    const { reason, errorCode, variant, flagMetadata } = value;
    if (!Object.hasOwn(value, 'value'))
      this.problem(at, '"value" is required (the caller default when none)');
    else if (includes(CASE_VALUE_TYPES, type) && !ofType(value.value, type))
      this.problem(at, `"value" must be a ${type}: a typed accessor returns nothing else`);
    if (!includes(CASE_REASONS, reason))
      this.problem(at, `"reason" must be one of ${CASE_REASONS.join(', ')}`);
    if (errorCode !== undefined && !includes(CASE_ERROR_CODES, errorCode))
      this.problem(at, `"errorCode" must be one of ${CASE_ERROR_CODES.join(', ')}`);
    if ((reason === 'ERROR') !== (errorCode !== undefined))
      this.problem(at, '"errorCode" is given exactly when "reason" is ERROR');
    if (variant !== undefined && typeof variant !== 'string') this.problem(at, '"variant" must be a string');
    if ((reason === 'STATIC' || reason === 'TARGETING_MATCH') && variant === undefined)
      this.problem(at, `a ${reason} resolution names its variant`);
    if ((reason === 'ERROR' || reason === 'DISABLED') && variant !== undefined)
      this.problem(at, `a ${reason} resolution has no variant`);
    if (
      (reason === 'ERROR' || reason === 'DISABLED' || variant === undefined) &&
      !sameJson(value.value, defaultValue)
    )
      this.problem(at, '"value" must be the default value when no variant applies');
    if (
      flagMetadata !== undefined &&
      (!isObject(flagMetadata) ||
        !Object.values(flagMetadata).every((v) => ['string', 'number', 'boolean'].includes(typeof v)))
    )
      this.problem(at, '"flagMetadata" must be an object of string, number or boolean values');
    return value as unknown as ExpectedResolution;
  }
}

/**
 * Reads the parsed cases file: checks every case (a malformed one fails loudly, with all problems listed)
 * and returns the cases with their flag sets resolved and special context values built.
 */
export function parseEvaluationCases(file: unknown): EvaluationCase[] {
  if (!isObject(file)) throw new EvaluationCasesError(['the file must hold a JSON object']);
  const flagSets = isObject(file.flagSets) ? file.flagSets : {};
  const reader = new CaseReader(flagSets);
  reader.unknownKeys(file, FILE_KEYS, 'file');
  if (file.version !== EVALUATION_CASES_VERSION)
    reader.problem('version', `must be ${EVALUATION_CASES_VERSION}, got ${JSON.stringify(file.version)}`);
  if (!isObject(file.tags)) reader.problem('tags', 'must describe every tag');
  else {
    reader.unknownKeys(file.tags, EVALUATION_CASE_TAGS, 'tags');
    for (const tag of EVALUATION_CASE_TAGS)
      if (typeof file.tags[tag] !== 'string' || file.tags[tag] === '')
        reader.problem(`tags/${tag}`, 'needs a description');
  }
  if (!isObject(file.flagSets)) reader.problem('flagSets', 'must be an object of named flag sets');
  for (const [name, set] of Object.entries(flagSets))
    if (!isFlagSet(set)) reader.problem(`flagSets/${name}`, 'must be a flag set with "flags"');
  if (!Array.isArray(file.cases) || file.cases.length === 0)
    reader.problem('cases', 'must be a non-empty array');
  const cases = (Array.isArray(file.cases) ? file.cases : []).map((raw, i) => reader.read(raw, i));
  for (const name of Object.keys(flagSets))
    if (!reader.usedSets.has(name)) reader.problem(`flagSets/${name}`, 'no case uses it');
  if (reader.problems.length > 0) throw new EvaluationCasesError(reader.problems);
  return cases as EvaluationCase[];
}

/** The project's evaluation cases (`EVALUATION_CASES_PATH` unless another file is given). */
export function evaluationCases(path = EVALUATION_CASES_PATH): EvaluationCase[] {
  return parseEvaluationCases(JSON.parse(readFileSync(path, 'utf8')));
}
