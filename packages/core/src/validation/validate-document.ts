import { flagEntries } from '../document/flag-entries.js';
import { isObject } from '../document/read-document.js';
import { extentProblems } from '../evaluators/expansion-limits.js';
import { cycleMessage, RuleGraph, withinDepthLimit } from '../evaluators/rule-extent.js';
import { pointer } from '../json-pointer.js';
import type { JsonValue, ValidationIssue } from '../types.js';
import { checkMetadata } from './check-metadata.js';
import { ReturnableVariants } from './returnable-variants.js';
import { checkRule, type SharedRuleChecks, validateFlag } from './validate-flag.js';

function checkSetMetadata(metadata: unknown): ValidationIssue[] {
  if (metadata === undefined) return [];
  if (!isObject(metadata))
    return [{ path: '/metadata', message: 'must be an object of string, number or boolean values' }];
  const issues = checkMetadata('/metadata', metadata);
  for (const key of ['flagSetId', 'version']) {
    if (metadata[key] !== undefined && typeof metadata[key] !== 'string')
      issues.push({ path: `/metadata/${key}`, message: 'must be a string' });
  }
  return issues;
}

/** Each shared rule is checked once, where it is defined: as a rule, and against the expansion limits. */
function checkEvaluators(evaluators: unknown, shared: SharedRuleChecks): ValidationIssue[] {
  if (evaluators === undefined) return [];
  if (!isObject(evaluators))
    return [{ path: '/$evaluators', message: 'must be an object of named targeting rules' }];
  const issues: ValidationIssue[] = [];
  for (const [name, rule] of Object.entries(evaluators)) {
    const path = pointer('/$evaluators', name);
    if (withinDepthLimit(rule))
      issues.push(...checkRule(`$evaluators.${name}`, rule as JsonValue, path, shared.refs));
    const measured = shared.graph.evaluator(name);
    if (measured?.cycle !== undefined) {
      issues.push({ path, message: cycleMessage(measured.cycle, name) });
    } else if (measured !== undefined) {
      for (const problem of extentProblems(measured.extent))
        issues.push({ path, message: `evaluator "${name}" ${problem}` });
    }
  }
  return issues;
}

/** Strict validation of a parsed document: the flagd schema plus every structural rule, all issues at once. */
export function validateDocument(doc: unknown): ValidationIssue[] {
  if (!isObject(doc)) return [{ path: '', message: 'a flag set must be a JSON object' }];
  const { entries, problems } = flagEntries(doc);
  const evaluators = isObject(doc.$evaluators) ? doc.$evaluators : {};
  const shared: SharedRuleChecks = {
    graph: new RuleGraph(evaluators),
    refs: new Set(Object.keys(evaluators)),
    returnable: new ReturnableVariants(evaluators),
  };
  const issues: ValidationIssue[] = [
    ...problems,
    ...checkSetMetadata(doc.metadata),
    ...checkEvaluators(doc.$evaluators, shared),
  ];
  for (const { key, path, definition } of entries)
    issues.push(...validateFlag(key, path, definition, shared));
  return issues;
}
