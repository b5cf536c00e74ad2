import { STATUS_CODES } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ErrorSchema } from './common-schemas.js';

declare module 'fastify' {
  interface FastifySchema {
    /** OpenAPI operation summary. */
    summary?: string;
    /** OpenAPI tags. */
    tags?: string[];
    /** Served without a token: the operation overrides the document's default security. */
    public?: boolean;
    /** The success answer's media type when it is not JSON (an event stream). */
    produces?: readonly string[];
    /**
     * The action of the command the route runs (`'*'`: whichever the request names): the document
     * adds the 202 of a write an approval policy may hold.
     */
    command?: string;
  }
}

/** The answer of `GET /api/v1/openapi.json`: an OpenAPI 3.1 document, written out whole. */
export const OpenApiDocumentSchema = Type.Object(
  { openapi: Type.String(), info: Type.Object({ title: Type.String(), version: Type.String() }) },
  { additionalProperties: true, description: 'An OpenAPI 3.1 document' },
);

interface CollectedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

/**
 * Builds the OpenAPI 3.1 document from the TypeBox schemas the routes validate with, so the
 * document cannot drift from what the server enforces. Call before routes are registered.
 */
export function collectOpenApi(
  app: FastifyInstance,
  prefix: string,
  held?: () => HeldWrites | undefined,
): () => object {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith(prefix) || route.method === 'HEAD') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD')
        routes.push({ method, url: route.url, schema: (route.schema ?? {}) as Record<string, unknown> });
    }
  });
  let cached: object | undefined;
  return () => {
    cached ??= buildDocument(routes, held?.());
    return cached;
  };
}

/** Which commands an approval policy may hold, and the body of the 202 that says so. */
export interface HeldWrites {
  mayHold(action: string): boolean;
  schema: object;
}

function buildDocument(routes: CollectedRoute[], held: HeldWrites | undefined): object {
  const schemas: Record<string, object> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = hoistNamed(operation(route, held), schemas);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Switchyard admin API', version: '1' },
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1))),
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'An admin token (sy_admin_…)' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'switchyard_session',
          description:
            'A dashboard session (POST /api/v1/sessions); writes also need its CSRF token in x-csrf-token',
        },
      },
    },
    security: [{ adminToken: [] }, { session: [] }],
    paths,
  };
}

function operation(route: CollectedRoute, held: HeldWrites | undefined): object {
  const {
    summary,
    tags,
    params,
    querystring,
    body,
    response,
    public: isPublic,
    produces,
    command,
  } = route.schema as {
    command?: string;
    summary?: string;
    tags?: string[];
    public?: boolean;
    produces?: readonly string[];
    params?: JsonSchemaObject;
    querystring?: JsonSchemaObject;
    body?: object;
    response?: Record<string, object>;
  };
  const parameters: object[] = [...toParameters(params, 'path'), ...toParameters(querystring, 'query')];
  if (['PUT', 'PATCH', 'DELETE'].includes(route.method)) {
    parameters.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } });
  }
  if (command !== undefined) {
    parameters.push({
      name: 'X-Change-Reason',
      in: 'header',
      required: false,
      description:
        "Why, recorded in the audit trail (at most 1000 characters). Printable ASCII as it is; anything else as an RFC 8187 extended value: UTF-8'' and the percent-encoded UTF-8 bytes, e.g. UTF-8''Rollback%20%E2%80%94%20SHOP-12",
      schema: { type: 'string' },
    });
  }
  const responses: Record<string, object> = {};
  for (const [status, schema] of Object.entries(response ?? {})) {
    const description = STATUS_CODES[Number(status)] ?? status;
    const mediaType = produces !== undefined && /^2/.test(status) ? produces[0]! : 'application/json';
    responses[status] =
      status === '204'
        ? { description }
        : { description, content: { [mediaType]: { schema: plain(schema) } } };
  }
  if (held && command !== undefined && (command === '*' || held.mayHold(command))) {
    responses['202'] = {
      description:
        'Held for approval by an approval policy: nothing changed yet; the change request that holds the write',
      headers: { Location: { description: 'The change request', schema: { type: 'string' } } },
      content: { 'application/json': { schema: plain(held.schema) } },
    };
  }
  // Every other failure (500 included) has the same error body.
  responses.default = {
    description: 'Any other error',
    content: { 'application/json': { schema: plain(ErrorSchema) } },
  };
  return {
    ...(summary && { summary }),
    ...(tags && { tags }),
    ...(isPublic && { security: [] }),
    ...(parameters.length > 0 && { parameters }),
    ...(body && {
      requestBody: { required: true, content: { 'application/json': { schema: plain(body) } } },
    }),
    responses,
  };
}

interface JsonSchemaObject {
  properties?: Record<string, object>;
  required?: string[];
}

function toParameters(schema: JsonSchemaObject | undefined, location: 'path' | 'query') {
  return Object.entries(schema?.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (schema?.required ?? []).includes(name),
    schema: plain(property),
  }));
}

/** TypeBox marks schemas with symbol keys; a JSON round trip leaves plain JSON Schema. */
function plain(schema: object): object {
  return JSON.parse(JSON.stringify(schema));
}

/**
 * Moves every schema with a `title` (the shared response schemas) into `components.schemas` and
 * refers to it by `$ref`, so clients generated from the document get one named type per resource.
 */
function hoistNamed<T>(value: T, schemas: Record<string, object>): T {
  if (Array.isArray(value)) return value.map((item) => hoistNamed(item, schemas)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy = Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, hoistNamed(child, schemas)]),
  ) as Record<string, unknown>;
  const name = copy.title;
  if (typeof name !== 'string' || !('type' in copy || 'anyOf' in copy)) return copy as T;
  const { title: _title, ...schema } = copy;
  const known = schemas[name];
  if (known !== undefined && JSON.stringify(known) !== JSON.stringify(schema)) {
    throw new Error(`OpenAPI: two different schemas are both titled "${name}"`);
  }
  schemas[name] = schema;
  return { $ref: `#/components/schemas/${name}` } as T;
}
