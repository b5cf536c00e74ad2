import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifySchema {
    /** OpenAPI operation summary. */
    summary?: string;
    /** OpenAPI tags. */
    tags?: string[];
  }
}

interface CollectedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

/**
 * Builds the OpenAPI 3.1 document from the TypeBox schemas the routes validate with, so the
 * document cannot drift from what the server enforces. Call before routes are registered.
 */
export function collectOpenApi(app: FastifyInstance, prefix: string): () => object {
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
    cached ??= buildDocument(routes);
    return cached;
  };
}

function buildDocument(routes: CollectedRoute[]): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Switchyard admin API', version: '1' },
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'An admin token (sy_admin_…)' },
      },
    },
    security: [{ adminToken: [] }],
    paths,
  };
}

function operation(route: CollectedRoute): object {
  const { summary, tags, params, querystring, body, response } = route.schema as {
    summary?: string;
    tags?: string[];
    params?: JsonSchemaObject;
    querystring?: JsonSchemaObject;
    body?: object;
    response?: Record<string, object>;
  };
  const parameters: object[] = [...toParameters(params, 'path'), ...toParameters(querystring, 'query')];
  if (['PUT', 'PATCH', 'DELETE'].includes(route.method)) {
    parameters.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } });
  }
  const responses: Record<string, object> = { default: { description: 'Success' } };
  for (const [status, schema] of Object.entries(response ?? {})) {
    responses[status] = { description: 'Error', content: { 'application/json': { schema: plain(schema) } } };
  }
  return {
    ...(summary && { summary }),
    ...(tags && { tags }),
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
