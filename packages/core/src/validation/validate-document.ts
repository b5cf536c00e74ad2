import { flagEntries } from '../document/flag-entries.js';
import { inlineEvaluators } from '../document/inline-evaluators.js';
import { isObject } from '../document/read-document.js';
import { pointer } from '../json-pointer.js';
import { TargetingCompileError } from '../targeting/compiler-types.js';
import type { JsonValue, ValidationIssue } from '../types.js';
import { checkMetadata } from './check-metadata.js';
import { checkRule, validateFlag } from './validate-flag.js';

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

function checkEvaluators(evaluators: unknown): ValidationIssue[] {
  if (evaluators === undefined) return [];
  if (!isObject(evaluators))
    return [{ path: '/$evaluators', message: 'must be an object of named targeting rules' }];
  const refs = new Set(Object.keys(evaluators));
  const issues: ValidationIssue[] = [];
  for (const [name, rule] of Object.entries(evaluators)) {
    const path = pointer('/$evaluators', name);
    issues.push(...checkRule(`$evaluators.${name}`, rule as JsonValue, path, refs));
    try {
      inlineEvaluators(rule as JsonValue, evaluators as Record<string, JsonValue>, [name]);
    } catch (error) {
      if (!(error instanceof TargetingCompileError)) throw error;
      issues.push({ path, message: error.message });
    }
  }
  return issues;
}

/** Strict validation of a parsed document: the flagd schema plus every structural rule, all issues at once. */
export function validateDocument(doc: unknown): ValidationIssue[] {
  if (!isObject(doc)) return [{ path: '', message: 'a flag set must be a JSON object' }];
  const { entries, problems } = flagEntries(doc);
  const issues: ValidationIssue[] = [
    ...problems,
    ...checkSetMetadata(doc.metadata),
    ...checkEvaluators(doc.$evaluators),
  ];
  const evaluators = (isObject(doc.$evaluators) ? doc.$evaluators : {}) as Record<string, JsonValue>;
  for (const { key, path, definition } of entries)
    issues.push(...validateFlag(key, path, definition, evaluators));
  return issues;
}
