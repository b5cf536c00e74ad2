import { flagKinds } from './project-document.js';

/** Where the server publishes the schema below (no credentials needed), for editors. */
export const PROJECT_SCHEMA_PATH = '/api/v1/schemas/project.json';
export const PROJECT_SCHEMA_ID = 'https://switchyard.dev/schemas/project.json';

const key = { type: 'string', minLength: 1, maxLength: 200 } as const;
const slug = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', minLength: 1, maxLength: 64 } as const;
const jsonLogic = { type: 'object', description: 'A JSON Logic expression' } as const;

/**
 * The JSON Schema (draft 2020-12) of a project file, for editors (YAML language server, VS Code).
 * `validateProjectDocument` checks the same rules, with positioned messages and suggestions.
 */
export const projectFileSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: PROJECT_SCHEMA_ID,
  title: 'Switchyard project',
  description: 'A Switchyard project as code: flags, and per environment segments and flag configurations.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'project'],
  properties: {
    $schema: { type: 'string', description: 'The URL of this schema, for editors' },
    version: { const: 1, description: 'The format version' },
    project: { ...slug, description: 'The project key' },
    flags: {
      type: 'object',
      description: 'Flag key → the flag (shared by every environment)',
      propertyNames: key,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['variants'],
        properties: {
          name: { type: 'string', maxLength: 200 },
          description: { type: 'string', maxLength: 4000 },
          kind: { enum: [...flagKinds] },
          owner: { type: 'string', maxLength: 200 },
          tags: {
            type: 'array',
            items: { type: 'string', minLength: 1, maxLength: 100 },
            uniqueItems: true,
            maxItems: 100,
          },
          variants: {
            type: 'object',
            description: 'Variant name → value (boolean, string, number or object)',
            minProperties: 1,
            maxProperties: 1000,
            propertyNames: { type: 'string', minLength: 1, maxLength: 200 },
          },
          metadata: {
            type: 'object',
            maxProperties: 100,
            additionalProperties: { type: ['string', 'number', 'boolean'] },
          },
        },
      },
    },
    environments: {
      type: 'object',
      description: 'Environment key → its segments and flag configurations',
      propertyNames: slug,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string', maxLength: 200 },
          segments: {
            type: 'object',
            propertyNames: key,
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['rule'],
              properties: {
                name: { type: 'string', maxLength: 200 },
                description: { type: 'string', maxLength: 4000 },
                rule: jsonLogic,
              },
            },
          },
          flags: {
            type: 'object',
            propertyNames: key,
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['state'],
              properties: {
                state: { enum: ['ENABLED', 'DISABLED'] },
                defaultVariant: { type: ['string', 'null'], minLength: 1 },
                targeting: { type: ['object', 'null'], description: 'A JSON Logic expression' },
              },
            },
          },
        },
      },
    },
  },
} as const;
