import { didYouMean } from '@switchyard/core';
import type { ErrorObject } from 'ajv';
import type { Issue } from './errors.js';

/**
 * Turns schema errors into issues whose path names the exact field under `root` (e.g.
 * `/body/variants/on`). Needs Ajv's `verbose` option: the alternatives of a union are then
 * summarised in one line ("must be one of: …"), and a misspelt property gets a suggestion.
 */
export function schemaIssues(errors: readonly ErrorObject[], root: string): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const issue of collapse(errors, root)) {
    const id = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      issues.push(issue);
    }
  }
  return issues;
}

/** Errors inside a failed union describe its alternatives, not the input: one line says more. */
function collapse(errors: readonly ErrorObject[], root: string): Issue[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const insideUnion = (e: ErrorObject, union: ErrorObject) =>
    e !== union && e.schemaPath.startsWith(`${union.schemaPath}/`);
  const outermost = unions.filter((u) => !unions.some((other) => insideUnion(u, other)));
  const issues: Issue[] = [];
  for (const error of errors) {
    if (outermost.some((union) => insideUnion(error, union))) continue;
    if (outermost.includes(error)) issues.push(...unionIssues(error, errors, root));
    else issues.push(toIssue(error, root));
  }
  return issues;
}

function unionIssues(union: ErrorObject, errors: readonly ErrorObject[], root: string): Issue[] {
  const branches = (union.schema as Record<string, unknown>[] | undefined) ?? [];
  // When the value has the type of exactly one alternative, that alternative's errors are the useful ones.
  const fitting = branches
    .map((branch, index) => ({ branch, index }))
    .filter(({ branch }) => branch.const === undefined && typeFits(branch.type, union.data));
  if (fitting.length === 1) {
    const prefix = `${union.schemaPath}/${fitting[0]!.index}/`;
    const inner = errors.filter((e) => e.schemaPath.startsWith(prefix));
    if (inner.length > 0) return collapse(inner, root);
  }
  return [{ path: `${root}${union.instancePath}`, message: `must be ${describeAlternatives(branches)}` }];
}

function describeAlternatives(branches: readonly Record<string, unknown>[]): string {
  if (branches.length > 0 && branches.every((b) => b.const !== undefined)) {
    return `one of: ${branches.map((b) => JSON.stringify(b.const)).join(', ')}`;
  }
  const names = branches.map((b) => (b.const !== undefined ? JSON.stringify(b.const) : typeName(b.type)));
  return [...new Set(names)].join(' or ');
}

function typeName(type: unknown): string {
  if (type === 'object') return 'an object';
  if (type === 'array') return 'an array';
  if (type === 'integer') return 'an integer';
  if (typeof type === 'string') return `a ${type}`.replace('a null', 'null');
  return 'a valid value';
}

function typeFits(type: unknown, value: unknown): boolean {
  if (type === 'null') return value === null;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number';
  if (type === 'string') return typeof value === 'string';
  if (type === 'boolean') return typeof value === 'boolean';
  return false;
}

function toIssue(error: ErrorObject, root: string): Issue {
  const path = `${root}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: `${path}/${String(params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return { path: `${path}/${name}`, message: `is not an allowed property${didYouMean(name, known)}` };
    }
    case 'enum':
      return {
        path,
        message: `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'pattern':
      return { path, message: `must match the pattern ${String(params.pattern)}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}
