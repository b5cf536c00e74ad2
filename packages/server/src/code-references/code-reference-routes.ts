import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { commandRequest } from '../commands/command-request.js';
import { errorResponses, ProjectParams, ResourceKey } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import { UploadCodeReferencesPayload } from './code-reference-commands.js';
import { CodeReferenceListSchema, CodeReferenceUploadSchema } from './code-reference-response-schemas.js';
import type { CodeReferenceQueries } from './code-reference-service.js';

const CodeReferenceQuery = Type.Object(
  {
    flag: Type.Optional(ResourceKey),
    repository: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** A large repository's upload is bigger than any other admin request: up to 200,000 references. */
export const UPLOAD_BODY_LIMIT = 32 * 1024 * 1024;

const tags = ['code-references'];
const path = '/projects/:project/code-references';

export function registerCodeReferenceRoutes(
  app: FastifyInstance,
  deps: { queries: CodeReferenceQueries; commands: CommandExecutor; bodyLimit: number },
): void {
  app.get<{ Params: Static<typeof ProjectParams>; Querystring: Static<typeof CodeReferenceQuery> }>(
    path,
    {
      schema: {
        summary: "Where code uses the project's flags: per repository, per flag, and each place",
        tags,
        params: ProjectParams,
        querystring: CodeReferenceQuery,
        response: { 200: CodeReferenceListSchema, ...errorResponses(404) },
      },
    },
    async (request) => deps.queries.list(requestActor(request), request.params.project, request.query),
  );

  app.post<{ Params: Static<typeof ProjectParams>; Body: Static<typeof UploadCodeReferencesPayload> }>(
    path,
    {
      bodyLimit: Math.max(deps.bodyLimit, UPLOAD_BODY_LIMIT),
      schema: {
        command: 'code-references.upload',
        summary:
          "Upload a repository's code references at a commit, replacing its previous upload (switchyard scan --upload)",
        tags,
        params: ProjectParams,
        body: UploadCodeReferencesPayload,
        response: { 200: CodeReferenceUploadSchema, ...errorResponses(404) },
      },
    },
    async (request) =>
      deps.commands.execute(
        commandRequest(request, {
          action: 'code-references.upload',
          target: { project: request.params.project },
          payload: request.body,
        }),
      ),
  );
}
