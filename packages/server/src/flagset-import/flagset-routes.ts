import { type Static, Type } from '@sinclair/typebox';
import { FlagSet, type FlagSetDocument } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { loadProjectDocuments } from '../environments/load-environment-documents.js';
import { flagKeyIssues } from '../flags/flag-key-rule.js';
import type { AdminContext } from '../http/admin-context.js';
import { AnyJson, EnvironmentParams, errorResponses, MetadataSchema } from '../http/common-schemas.js';
import { type Issue, validationFailed } from '../http/errors.js';
import { assertVersion, expectedVersion, versionEtag } from '../http/etag.js';
import { requireEnvironment, requireProject } from '../http/lookups.js';
import { writeRequest } from '../http/request-context.js';
import { readConsistently } from '../storage/transaction.js';
import { FlagSetDocumentSchema, FlagSetImportResultSchema } from './flag-set-response-schemas.js';
import { importFlagSet } from './import-flag-set.js';
import { normalizeDocument } from './normalize-document.js';

const FlagSetBody = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    flags: Type.Union([Type.Record(Type.String(), AnyJson), Type.Array(AnyJson)]),
    $evaluators: Type.Optional(Type.Record(Type.String(), AnyJson)),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);

const evaluatorName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const tags = ['flag sets'];
const path = '/projects/:project/environments/:env/flagset';

export function registerFlagSetRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: Static<typeof EnvironmentParams> }>(
    path,
    {
      schema: {
        summary: "The environment's flag set as a flagd document (ETag: the environment version)",
        tags,
        params: EnvironmentParams,
        response: { 200: FlagSetDocumentSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const project = await requireProject(ctx.db, request.params.project);
      await requireEnvironment(ctx.db, project, request.params.env);
      // One read of the whole project keeps the document and its version consistent.
      const documents = await readConsistently(ctx.db, (tx) => loadProjectDocuments(tx, project.id));
      const current = documents.find((d) => d.environment.key === request.params.env)!;
      reply.header('etag', versionEtag(current.environment.version));
      return current.document;
    },
  );

  app.put<{ Params: Static<typeof EnvironmentParams>; Body: Static<typeof FlagSetBody> }>(
    path,
    {
      schema: {
        summary: "Replace the environment's flag set from a flagd document (all or nothing)",
        tags,
        params: EnvironmentParams,
        body: FlagSetBody,
        response: { 200: FlagSetImportResultSchema, ...errorResponses(404, 412) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request.headers['if-match']);
      const { document, issues } = normalizeDocument(request.body);
      issues.push(...documentIssues(document, ctx.flagKeyRule));
      if (issues.length > 0) throw validationFailed(issues);
      const project = await requireProject(ctx.db, request.params.project);
      const environment = await requireEnvironment(ctx.db, project, request.params.env);
      const outcome = await ctx.writes.commit(writeRequest(request), project, async (scope) => {
        // Under the project lock: a deletion that committed first answers 404.
        const current = await requireEnvironment(scope.tx, project, environment.key);
        assertVersion(`flag set of environment "${environment.key}"`, current.version, expected);
        const before = (await loadProjectDocuments(scope.tx, project.id)).find(
          (d) => d.environment.id === environment.id,
        );
        const outcome = await importFlagSet(scope, project, current, document);
        scope.audit({
          action: 'flagset.import',
          resourceType: 'flagset',
          resource: `projects/${project.key}/environments/${environment.key}/flagset`,
          projectKey: project.key,
          environmentKey: environment.key,
          before: before?.document ?? null,
          after: document,
        });
        return outcome;
      });
      const after = await requireEnvironment(ctx.db, project, environment.key);
      reply.header('etag', versionEtag(after.version));
      return { version: after.version, ...outcome.flags, segments: outcome.segments };
    },
  );
}

/** Strict validation of the document as sent, plus the naming rules; paths point into the body. */
function documentIssues(document: FlagSetDocument, flagKeyRule: RegExp): Issue[] {
  const issues: Issue[] = FlagSet.validate(document).map((i) => ({
    path: `/body${i.path}`,
    message: i.message,
  }));
  for (const key of Object.keys(document.flags)) {
    issues.push(
      ...flagKeyIssues(key, flagKeyRule, `/body/flags/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    );
  }
  for (const name of Object.keys(document.$evaluators ?? {})) {
    if (!evaluatorName.test(name) || name.length > 200) {
      issues.push({
        path: `/body/$evaluators/${name}`,
        message: `segment name must match ${evaluatorName.source}`,
      });
    }
  }
  return issues;
}
