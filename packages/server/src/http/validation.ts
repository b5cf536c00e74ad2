import { Ajv, type ErrorObject } from 'ajv';
import type { FastifyInstance } from 'fastify';
import type { Issue } from './errors.js';

/**
 * Bodies are validated strictly (no type coercion, unknown properties are errors, never silently
 * dropped); path and query parameters arrive as strings, so they may be coerced to the schema type.
 */
export function installValidators(app: FastifyInstance): void {
  const common = { allErrors: true, strict: false, useDefaults: true } as const;
  const bodyAjv = new Ajv({ ...common, coerceTypes: false, removeAdditional: false });
  const paramAjv = new Ajv({ ...common, coerceTypes: true, removeAdditional: false });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : paramAjv).compile(schema as object),
  );
}

const partNames: Record<string, string> = {
  body: 'body',
  params: 'params',
  querystring: 'query',
  headers: 'headers',
};

/** Turns schema errors into issues whose path names the exact field, e.g. `/body/variants/on`. */
export function schemaIssues(errors: readonly ErrorObject[], context: string | undefined): Issue[] {
  const root = `/${partNames[context ?? 'body'] ?? context}`;
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of errors) {
    const issue = toIssue(error, root);
    const id = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      issues.push(issue);
    }
  }
  return issues;
}

function toIssue(error: ErrorObject, root: string): Issue {
  const path = `${root}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: `${path}/${String(params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${path}/${String(params.additionalProperty)}`, message: 'is not an allowed property' };
    case 'enum':
      return {
        path,
        message: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'pattern':
      return { path, message: `must match the pattern ${String(params.pattern)}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}
