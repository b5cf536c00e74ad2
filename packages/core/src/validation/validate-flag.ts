import { hasRefs, inlineEvaluators } from '../document/inline-evaluators.js';
import { isObject } from '../document/read-document.js';
import { fatalFlagProblems } from '../flags/flag-structure.js';
import { valueType } from '../flags/value-type.js';
import { pointer } from '../json-pointer.js';
import { compileTargeting } from '../targeting/compile-targeting.js';
import { TargetingCompileError } from '../targeting/compiler-types.js';
import { bucketingV2 } from '../targeting/fractional/bucketing-strategy.js';
import type { JsonValue, ValidationIssue } from '../types.js';
import { checkMetadata } from './check-metadata.js';
import { returnableVariants } from './returnable-variants.js';

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
  evaluators: Record<string, JsonValue>,
): ValidationIssue[] {
  const variants = isObject(definition.variants) ? definition.variants : {};
  let targeting = definition.targeting as JsonValue;
  try {
    if (hasRefs(targeting)) targeting = inlineEvaluators(targeting, evaluators);
  } catch {
    return []; // A self-referencing evaluator is reported where it is defined.
  }
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const { path: at, variant } of returnableVariants(targeting, `${path}/targeting`)) {
    if (Object.hasOwn(variants, variant) || seen.has(`${at}:${variant}`)) continue;
    seen.add(`${at}:${variant}`);
    issues.push({
      path: at,
      message: `targeting can return "${variant}", which is not one of the variants of "${key}"`,
    });
  }
  return issues;
}

/** Every problem of one flag definition under strict validation. */
export function validateFlag(
  key: string,
  path: string,
  definition: unknown,
  evaluators: Record<string, JsonValue>,
): ValidationIssue[] {
  const issues = fatalFlagProblems(path, definition);
  if (!isObject(definition)) return issues;
  if (definition.state === undefined)
    issues.push({ path: `${path}/state`, message: 'is required ("ENABLED" or "DISABLED")' });
  issues.push(...checkVariants(path, definition.variants));
  issues.push(...checkMetadata(`${path}/metadata`, definition.metadata));
  const { targeting } = definition;
  if (targeting !== undefined && targeting !== null) {
    const refs = new Set(Object.keys(evaluators));
    const ruleIssues = checkRule(key, targeting as JsonValue, `${path}/targeting`, refs);
    issues.push(...ruleIssues);
    if (ruleIssues.length === 0) issues.push(...checkReturnedVariants(key, path, definition, evaluators));
  }
  return issues;
}
