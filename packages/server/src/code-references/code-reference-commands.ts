import { type Static, Type } from '@sinclair/typebox';
import { defineCommand } from '../commands/command-definition.js';
import { ResourceKey } from '../kernel/field-schemas.js';
import type { Queryable } from '../storage/database.js';
import type { CodeReferenceStore, CodeReferenceUpload } from './code-reference-store.js';
import { uploadView } from './code-reference-view.js';

/** Far above a large monorepo's count; bounds the work one upload can ask for. */
export const MAX_UPLOADED_REFERENCES = 200_000;

export const UploadCodeReferencesPayload = Type.Object(
  {
    /** The repository's name, as the uploader gives it (`switchyard scan`: its origin URL's host and path). */
    repository: Type.String({ minLength: 1, maxLength: 500 }),
    commit: Type.String({ minLength: 1, maxLength: 200 }),
    branch: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()])),
    references: Type.Array(
      Type.Object(
        {
          flag: ResourceKey,
          /** Path in the repository, `/` separators. */
          file: Type.String({ minLength: 1, maxLength: 1000 }),
          line: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_UPLOADED_REFERENCES },
    ),
  },
  { additionalProperties: false },
);

export interface CodeReferenceDeps {
  codeReferences: (db: Queryable) => CodeReferenceStore;
}

/** What the audit trail keeps of an upload: which commit, and which flags it found (not every place). */
function auditView(upload: CodeReferenceUpload, flagKeys: readonly string[]) {
  return {
    repository: upload.repository,
    commit: upload.commit,
    branch: upload.branch,
    references: upload.references,
    flags: flagKeys,
  };
}

/**
 * `code-references.upload`: the places a repository's code uses flag keys (what `switchyard scan
 * --upload` found), replacing what the repository's previous upload said.
 */
export function codeReferenceCommands(deps: CodeReferenceDeps) {
  return [
    defineCommand({
      action: 'code-references.upload',
      summary: "Replace a repository's code references in a project (switchyard scan --upload)",
      target: ['project'],
      payload: UploadCodeReferencesPayload,
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: false,
      async run(ctx, payload: Static<typeof UploadCodeReferencesPayload>) {
        const project = ctx.project!;
        const store = deps.codeReferences(ctx.tx);
        const unique = new Map(payload.references.map((r) => [`${r.flag}\u0000${r.file}\u0000${r.line}`, r]));
        const references = [...unique.values()];
        const flagKeys = [...new Set(references.map((r) => r.flag))].sort((a, b) =>
          a < b ? -1 : a > b ? 1 : 0,
        );
        const before = await store.findUpload(project.id, payload.repository);
        const flagsBefore = before ? await store.flagKeysOf(project.id, payload.repository) : [];
        const upload: CodeReferenceUpload = {
          projectId: project.id,
          repository: payload.repository,
          commit: payload.commit,
          branch: payload.branch ?? null,
          uploadedAt: ctx.now,
          uploadedBy: { id: ctx.actor.id, name: ctx.actor.name },
          references: references.length,
          flags: flagKeys.length,
        };
        await store.replace(upload, references);
        ctx.audit({
          action: 'code-references.upload',
          resourceType: 'code-references',
          resource: `projects/${project.key}/code-references/${payload.repository}`,
          projectKey: project.key,
          before: before ? auditView(before, flagsBefore) : null,
          after: auditView(upload, flagKeys),
        });
        return uploadView(upload, project.key);
      },
    }),
  ];
}
