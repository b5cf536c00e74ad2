import { FlagSet } from '@switchyard/core';
import type { Flag, JsonValue } from '../../api/types.js';

/** The server keeps one value type per flag (SDKs ask for a boolean, a string, a number or an object). */
export type ValueType = 'boolean' | 'string' | 'number' | 'object';
export const VALUE_TYPES: readonly ValueType[] = ['boolean', 'string', 'number', 'object'];
/** The server's limit on a variant name. */
export const MAX_VARIANT_NAME = 200;

/** A variant as edited: `original` is the name it had on the server (null: added here). */
export interface VariantDraft {
  id: number;
  original: string | null;
  name: string;
  /** The value as typed: raw text for a string, JSON for an object. */
  value: string;
}

/** A problem with the edit: about one row's name or value, or (row null) about the whole set. */
export interface VariantIssue {
  row: number | null;
  field: 'name' | 'value' | null;
  message: string;
}

export function typeOf(value: JsonValue): ValueType | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return 'object';
  return undefined;
}

export function valueText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, typeof value === 'object' ? 2 : 0);
}

/** Reads a value typed for a flag of `type`, or says why it is not one. */
export function parseVariantValue(text: string, type: ValueType): { value: JsonValue } | { error: string } {
  if (type === 'string') return { value: text };
  const trimmed = text.trim();
  if (type === 'boolean') {
    if (trimmed === 'true' || trimmed === 'false') return { value: trimmed === 'true' };
    return { error: 'must be true or false' };
  }
  if (type === 'number') {
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value)) return { error: `must be a number, got "${text}"` };
    return { value };
  }
  try {
    const value = JSON.parse(trimmed) as JsonValue;
    if (typeOf(value) !== 'object') return { error: 'must be a JSON object, like {"color": "blue"}' };
    return { value };
  } catch (error) {
    return { error: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

let nextId = 1;

/** The flag's variants as drafts, with their common type (string for a flag without any). */
export function draftsOf(flag: Pick<Flag, 'variants'>): { type: ValueType; drafts: VariantDraft[] } {
  const entries = Object.entries(flag.variants);
  const type = (entries[0] && typeOf(entries[0][1])) ?? 'string';
  return {
    type,
    drafts: entries.map(([name, value]) => ({ id: nextId++, original: name, name, value: valueText(value) })),
  };
}

export function newDraft(type: ValueType, taken: readonly string[]): VariantDraft {
  let n = taken.length + 1;
  while (taken.includes(`variant-${n}`)) n++;
  const value = { boolean: 'false', string: '', number: '0', object: '{}' }[type];
  return { id: nextId++, original: null, name: `variant-${n}`, value };
}

/** Every `$ref` a targeting rule makes (segments), so validation can stand them in. */
function refs(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) refs(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else refs(value, into);
    }
  }
  return into;
}

/**
 * core's validation of one environment's targeting against a set of variant names: the issues that
 * name variants. Segments are stood in by a rule that always holds (only the variants are in question).
 */
function targetingIssues(flagKey: string, names: readonly string[], targeting: JsonValue): string[] {
  const variants = Object.fromEntries(names.map((n) => [n, n]));
  const evaluators = Object.fromEntries([...refs(targeting)].map((r) => [r, { '==': [1, 1] }]));
  const document = {
    flags: { [flagKey]: { state: 'ENABLED', variants, targeting } },
    ...(Object.keys(evaluators).length > 0 ? { $evaluators: evaluators } : {}),
  };
  return FlagSet.validate(document).map((i) => `${i.path}: ${i.message}`);
}

/** Where a variant that would disappear is still in use: each environment's default and targeting. */
export function usesOf(flag: Flag, removed: string, remaining: readonly string[]): string[] {
  const uses: string[] = [];
  for (const [environment, config] of Object.entries(flag.environments)) {
    if (config.defaultVariant === removed)
      uses.push(`it is the default variant in environment "${environment}"`);
    if (config.targeting === null) continue;
    const before = new Set(targetingIssues(flag.key, Object.keys(flag.variants), config.targeting));
    const added = targetingIssues(flag.key, remaining, config.targeting).filter((i) => !before.has(i));
    if (added.some((i) => i.includes(`"${removed}"`)))
      uses.push(`the targeting in environment "${environment}" can serve it`);
  }
  if (flag.safeVariant === removed) uses.push("it is the flag's safe variant (what a kill switch serves)");
  return uses;
}

/**
 * The PATCH body for the edited variants (a renamed safe variant follows its rename), or every
 * problem: names empty, too long or taken twice; values that are not of the flag's type; a variant
 * that would disappear while a default, a targeting rule or the safe variant still serves it.
 */
export function variantsPatch(
  flag: Flag,
  type: ValueType,
  drafts: readonly VariantDraft[],
): { patch: { variants: Record<string, JsonValue>; safeVariant?: string } } | { issues: VariantIssue[] } {
  const issues: VariantIssue[] = [];
  if (drafts.length === 0)
    issues.push({ row: null, field: null, message: 'a flag needs at least one variant' });
  const variants: Record<string, JsonValue> = {};
  const seen = new Map<string, number>();
  drafts.forEach((d, row) => {
    const label = `variant ${row + 1}`;
    if (d.name.trim() === '') issues.push({ row, field: 'name', message: `${label} needs a name` });
    else if (d.name !== d.name.trim())
      issues.push({ row, field: 'name', message: `${label}: a name cannot start or end with a space` });
    else if (d.name.length > MAX_VARIANT_NAME)
      issues.push({
        row,
        field: 'name',
        message: `${label}: a name has at most ${MAX_VARIANT_NAME} characters`,
      });
    else if (seen.has(d.name))
      issues.push({
        row,
        field: 'name',
        message: `${label}: variant ${seen.get(d.name)! + 1} is already named "${d.name}"`,
      });
    seen.set(d.name, seen.get(d.name) ?? row);
    const parsed = parseVariantValue(d.value, type);
    if ('error' in parsed) issues.push({ row, field: 'value', message: `${label} ${parsed.error}` });
    else variants[d.name] = parsed.value;
  });
  const remaining = drafts.map((d) => d.name);
  const renamedSafe = drafts.find((d) => d.original !== null && d.original === flag.safeVariant);
  for (const name of Object.keys(flag.variants)) {
    if (remaining.includes(name)) continue;
    const row = drafts.findIndex((d) => d.original === name);
    const uses = usesOf(flag, name, remaining).filter(
      // A renamed safe variant is carried over by the same request.
      (use) => !(renamedSafe && row !== -1 && name === flag.safeVariant && use.includes('safe variant')),
    );
    if (uses.length === 0) continue;
    const verb = row === -1 ? 'remove' : 'rename';
    issues.push({
      row: row === -1 ? null : row,
      field: row === -1 ? null : 'name',
      message: `cannot ${verb} "${name}": ${uses.join('; ')}. Change that first.`,
    });
  }
  if (issues.length > 0) return { issues };
  const safeRenamed = renamedSafe && renamedSafe.name !== flag.safeVariant ? renamedSafe.name : undefined;
  return { patch: { variants, ...(safeRenamed ? { safeVariant: safeRenamed } : {}) } };
}
