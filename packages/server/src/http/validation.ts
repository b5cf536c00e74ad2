import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';

/** Ajv options shared by every validator: all errors at once, with what `schemaIssues` needs to explain them. */
export const ajvOptions = { allErrors: true, strict: false, useDefaults: true, verbose: true } as const;

/**
 * Bodies are validated strictly (no type coercion, unknown properties are errors, never silently
 * dropped); path and query parameters arrive as strings, so they may be coerced to the schema type.
 */
export function installValidators(app: FastifyInstance): void {
  const bodyAjv = new Ajv({ ...ajvOptions, coerceTypes: false, removeAdditional: false });
  const paramAjv = new Ajv({ ...ajvOptions, coerceTypes: true, removeAdditional: false });
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

/** The request part a Fastify validation context names, as an issue path root (`/query`). */
export function requestPartRoot(context: string | undefined): string {
  return `/${partNames[context ?? 'body'] ?? context}`;
}
