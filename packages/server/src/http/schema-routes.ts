import { Type } from '@sinclair/typebox';
import { PROJECT_SCHEMA_PATH, projectFileSchema } from '@switchyard/flag-files';
import type { FastifyInstance } from 'fastify';

const JsonSchemaDocument = Type.Object(
  { $schema: Type.String(), title: Type.String() },
  { additionalProperties: true, description: 'A JSON Schema (draft 2020-12) document' },
);

/**
 * The JSON Schema of project files (flags as code, `switchyard apply`), without credentials: editors
 * fetch it from a `$schema` line or a `# yaml-language-server: $schema=…` comment.
 */
export function registerSchemaRoutes(app: FastifyInstance): void {
  app.get(
    PROJECT_SCHEMA_PATH,
    {
      schema: {
        summary: 'The JSON Schema of a project file (flags as code), for editors',
        tags: ['meta'],
        public: true,
        response: { 200: JsonSchemaDocument },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      reply.type('application/schema+json');
      return projectFileSchema;
    },
  );
}
