import type { JsonValue } from '../../api/types.js';

// The visual rule builder edits this model; it is converted to and from flagd JSON Logic. Targeting
// the model cannot express (custom bucketing, nested or/not…) stays editable as raw JSON only.

export const OPERATORS = [
  ['==', 'equals'],
  ['!=', 'does not equal'],
  ['<', 'less than'],
  ['<=', 'at most'],
  ['>', 'greater than'],
  ['>=', 'at least'],
  ['in', 'is one of'],
  ['contains', 'contains'],
  ['starts_with', 'starts with'],
  ['ends_with', 'ends with'],
  ['sem_ver:=', 'version ='],
  ['sem_ver:>=', 'version ≥'],
  ['sem_ver:<', 'version <'],
  ['sem_ver:^', 'version ^ (same major)'],
  ['sem_ver:~', 'version ~ (same minor)'],
] as const;

export type Operator = (typeof OPERATORS)[number][0];
const OPERATOR_SET = new Set<string>(OPERATORS.map(([op]) => op));
const SEMVER_OPS = new Set(['=', '!=', '<', '<=', '>', '>=', '^', '~']);

export type Condition =
  | { type: 'attribute'; attribute: string; operator: Operator; value: JsonValue }
  | { type: 'segment'; segment: string };

export type Outcome = { type: 'variant'; variant: string } | { type: 'split'; weights: [string, number][] };

export interface Rule {
  conditions: Condition[];
  outcome: Outcome;
}

export interface RuleSet {
  rules: Rule[];
  /** What everyone else gets; null: the environment's default variant. */
  fallback: Outcome | null;
}

export const EMPTY_RULES: RuleSet = { rules: [], fallback: null };

function conditionToJson(condition: Condition): JsonValue {
  if (condition.type === 'segment') return { $ref: condition.segment };
  const attribute = { var: condition.attribute };
  const { operator, value } = condition;
  if (operator === 'in') return { in: [attribute, Array.isArray(value) ? value : [value]] };
  if (operator === 'contains') return { in: [value, attribute] };
  if (operator.startsWith('sem_ver:')) return { sem_ver: [attribute, operator.slice(8), value] };
  return { [operator]: [attribute, value] };
}

function outcomeToJson(outcome: Outcome): JsonValue {
  if (outcome.type === 'variant') return outcome.variant;
  return { fractional: outcome.weights.map(([variant, weight]) => [variant, weight]) };
}

/** The flagd targeting for a rule set; null when everyone gets the default variant. */
export function toTargeting(set: RuleSet): JsonValue | null {
  if (set.rules.length === 0) return set.fallback ? outcomeToJson(set.fallback) : null;
  const branches: JsonValue[] = [];
  for (const rule of set.rules) {
    const conditions = rule.conditions.map(conditionToJson);
    branches.push(conditions.length === 1 ? conditions[0]! : { and: conditions });
    branches.push(outcomeToJson(rule.outcome));
  }
  if (set.fallback) branches.push(outcomeToJson(set.fallback));
  return { if: branches };
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function single(value: unknown): [string, JsonValue] | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value);
  return entries.length === 1 ? entries[0] : undefined;
}

function varName(value: unknown): string | undefined {
  const entry = single(value);
  return entry && entry[0] === 'var' && typeof entry[1] === 'string' ? entry[1] : undefined;
}

function conditionFromJson(json: JsonValue): Condition | undefined {
  const entry = single(json);
  if (!entry) return undefined;
  const [op, args] = entry;
  if (op === '$ref' && typeof args === 'string') return { type: 'segment', segment: args };
  if (!Array.isArray(args)) return undefined;
  if (op === 'sem_ver' && args.length === 3) {
    const attribute = varName(args[0]);
    const semverOp = args[1];
    const operator = `sem_ver:${String(semverOp)}`;
    if (
      attribute !== undefined &&
      typeof semverOp === 'string' &&
      SEMVER_OPS.has(semverOp) &&
      OPERATOR_SET.has(operator)
    )
      return { type: 'attribute', attribute, operator: operator as Operator, value: args[2]! };
    return undefined;
  }
  if (args.length !== 2) return undefined;
  if (op === 'in') {
    const left = varName(args[0]);
    if (left !== undefined && Array.isArray(args[1]))
      return { type: 'attribute', attribute: left, operator: 'in', value: args[1] };
    const right = varName(args[1]);
    if (right !== undefined && !isObject(args[0]) && !Array.isArray(args[0]))
      return { type: 'attribute', attribute: right, operator: 'contains', value: args[0]! };
    return undefined;
  }
  const attribute = varName(args[0]);
  if (attribute === undefined || !OPERATOR_SET.has(op) || op.startsWith('sem_ver') || op === 'contains')
    return undefined;
  if (isObject(args[1]) || Array.isArray(args[1])) return undefined;
  return { type: 'attribute', attribute, operator: op as Operator, value: args[1]! };
}

function conditionsFromJson(json: JsonValue): Condition[] | undefined {
  const entry = single(json);
  if (entry && entry[0] === 'and' && Array.isArray(entry[1])) {
    const parsed = entry[1].map(conditionFromJson);
    return parsed.length > 0 && parsed.every(Boolean) ? (parsed as Condition[]) : undefined;
  }
  const one = conditionFromJson(json);
  return one ? [one] : undefined;
}

function outcomeFromJson(json: JsonValue): Outcome | undefined {
  if (typeof json === 'string') return { type: 'variant', variant: json };
  const entry = single(json);
  if (entry?.[0] !== 'fractional' || !Array.isArray(entry[1])) return undefined;
  const weights: [string, number][] = [];
  for (const item of entry[1]) {
    // A custom bucketing expression first is valid flagd, but not something the builder edits.
    if (!Array.isArray(item) || typeof item[0] !== 'string') return undefined;
    const weight = item.length === 1 ? 1 : item[1];
    if (typeof weight !== 'number' || item.length > 2) return undefined;
    weights.push([item[0], weight]);
  }
  return weights.length > 0 ? { type: 'split', weights } : undefined;
}

/** The builder's view of a targeting, or undefined when the builder cannot show it faithfully. */
export function fromTargeting(json: JsonValue | null | undefined): RuleSet | undefined {
  if (json === null || json === undefined) return EMPTY_RULES;
  if (isObject(json) && Object.keys(json).length === 0) return EMPTY_RULES;
  const entry = single(json);
  if (entry && entry[0] === 'if' && Array.isArray(entry[1])) {
    const branches = entry[1];
    const rules: Rule[] = [];
    let i = 0;
    for (; i + 1 < branches.length; i += 2) {
      const conditions = conditionsFromJson(branches[i]!);
      const outcome = outcomeFromJson(branches[i + 1]!);
      if (!conditions || !outcome) return undefined;
      rules.push({ conditions, outcome });
    }
    if (i < branches.length) {
      const fallback = outcomeFromJson(branches[i]!);
      return fallback ? { rules, fallback } : undefined;
    }
    return { rules, fallback: null };
  }
  const fallback = outcomeFromJson(json);
  return fallback ? { rules: [], fallback } : undefined;
}

/** A typed value from what a person typed: numbers and booleans as such, everything else as text. */
export function parseValue(text: string, operator: Operator): JsonValue {
  if (operator === 'in')
    return text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => parseValue(part, '=='));
  if (operator.startsWith('sem_ver') || operator === 'starts_with' || operator === 'ends_with') return text;
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}

export function formatValue(value: JsonValue): string {
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return value === null ? '' : String(value);
}

/** Percent of users that change variant when a split goes from `before` to `after` (at least this many). */
export function movedShare(before: readonly [string, number][], after: readonly [string, number][]): number {
  const share = (weights: readonly [string, number][]) => {
    const total = weights.reduce((sum, [, w]) => sum + w, 0) || 1;
    return new Map(weights.map(([v, w]) => [v, (w / total) * 100]));
  };
  const a = share(before);
  const b = share(after);
  let moved = 0;
  for (const [variant, pct] of b) moved += Math.max(0, pct - (a.get(variant) ?? 0));
  return Math.round(moved * 100) / 100;
}
