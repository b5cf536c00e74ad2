import { isObject } from '../document/read-document.js';
import { extentProblems } from '../evaluators/expansion-limits.js';
import { type RuleGraph, withinDepthLimit } from '../evaluators/rule-extent.js';
import { fatalFlagProblems } from '../flags/flag-structure.js';
import { valueType } from '../flags/value-type.js';
import { pointer } from '../json-pointer.js';
import { compileTargeting } from '../targeting/compile-targeting.js';
import { TargetingCompileError } from '../targeting/compiler-types.js';
import { bucketingV2 } from '../targeting/fractional/bucketing-strategy.js';
import type { JsonValue, ValidationIssue } from '../types.js';
import { checkMetadata } from './check-metadata.js';
import type { ReturnableVariants } from './returnable-variants.js';

/** What validating the flags of a document shares: the measured shared rules and what they return. */
export interface SharedRuleChecks {
  readonly graph: RuleGraph;
  readonly refs: ReadonlySet<string>;
  readonly returnable: ReturnableVariants;
}

/** Compiles a rule in reporting mode; every schema or structural problem becomes an issue. */
export function checkRule(
  key: string,
  rule: JsonValue,
  path: string,
  refs: ReadonlySet<string>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isObject(rule)) return [{ path, message: 'targeting must be a JSON Logic object' }];
  try {
    compileTargeting(
      rule,
      {
        flagKey: key,
        bucketing: bucketingV2,
        refs,
        report: (at, message) => issues.push({ path: at, message }),
      },
      path,
    );
  } catch (error) {
    if (!(error instanceof TargetingCompileError)) throw error;
    issues.push({ path: error.path || path, message: error.message });
  }
  return issues;
}

function checkVariants(path: string, variants: unknown): ValidationIssue[] {
  if (variants === undefined) return [{ path: `${path}/variants`, message: 'is required' }];
  if (!isObject(variants)) return [];
  const entries = Object.entries(variants);
  if (entries.length === 0)
    return [{ path: `${path}/variants`, message: 'must define at least one variant' }];
  const issues: ValidationIssue[] = [];
  const byType = new Map<string, string>();
  for (const [name, value] of entries) {
    const type = valueType(value);
    if (name === '') issues.push({ path: `${path}/variants/`, message: 'a variant name must not be empty' });
    if (type === undefined) {
      issues.push({
        path: pointer(`${path}/variants`, name),
        message: 'a variant value must be a boolean, string, number or object',
      });
    } else if (!byType.has(type)) byType.set(type, name);
  }
  if (byType.size > 1) {
    const found = [...byType].map(([type, name]) => `${type} ("${name}")`).join(', ');
    issues.push({
      path: `${path}/variants`,
      message: `all variants of a flag must have one type; found ${found}`,
    });
  }
  return issues;
}

function checkReturnedVariants(
  key: string,
  path: string,
  definition: Record<string, unknown>,
  returnable: ReturnableVariants,
): ValidationIssue[] {
  const variants = isObject(definition.variants) ? definition.variants : {};
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const { path: at, variant, source } of returnable.of(definition.targeting, `${path}/targeting`)) {
    const id = `${at}\u0000${variant}`;
    if (Object.hasOwn(variants, variant) || seen.has(id)) continue;
    seen.add(id);
    const through = source === undefined ? '' : ` (through $ref, from ${source})`;
    issues.push({
      path: at,
      message: `targeting can return "${variant}"${through}, which is not one of the variants of "${key}"`,
    });
  }
  return issues;
}

/**
 * Checks a flag's targeting: the expansion limits first (a cycle of shared rules is reported where the
 * rules are defined), then the rule itself where its own JSON is shallow enough to walk, then the variants
 * it can return when everything else is sound.
 */
function checkTargeting(
  key: string,
  path: string,
  definition: Record<string, unknown>,
  shared: SharedRuleChecks,
): ValidationIssue[] {
  const targeting = definition.targeting as JsonValue;
  const at = `${path}/targeting`;
  const measured = shared.graph.measure(targeting);
  const issues: ValidationIssue[] =
    measured.extent === undefined
      ? []
      : extentProblems(measured.extent).map((problem) => ({ path: at, message: `targeting ${problem}` }));
  if (!withinDepthLimit(targeting)) return issues;
  const ruleIssues = checkRule(key, targeting, at, shared.refs);
  issues.push(...ruleIssues);
  if (issues.length === 0 && measured.cycle === undefined)
    issues.push(...checkReturnedVariants(key, path, definition, shared.returnable));
  return issues;
}

/** Every problem of one flag definition under strict validation. */
export function validateFlag(
  key: string,
  path: string,
  definition: unknown,
  shared: SharedRuleChecks,
): ValidationIssue[] {
  const issues = fatalFlagProblems(path, definition);
  if (!isObject(definition)) return issues;
  if (definition.state === undefined)
    issues.push({ path: `${path}/state`, message: 'is required ("ENABLED" or "DISABLED")' });
  issues.push(...checkVariants(path, definition.variants));
  issues.push(...checkMetadata(`${path}/metadata`, definition.metadata));
  const { targeting } = definition;
  if (targeting !== undefined && targeting !== null)
    issues.push(...checkTargeting(key, path, definition, shared));
  return issues;
}
