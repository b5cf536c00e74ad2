import { type Static, Type } from '@sinclair/typebox';
import {
  type FlagDefinition,
  FlagSet,
  type FlagSetDocument,
  type JsonObject,
  type JsonValue,
  pointer,
  unknownFieldIssues,
} from '@switchyard/core';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import type { Environment, EnvironmentStore, FlagSetMetadata } from '../environments/environment-store.js';
import { canonicalJson } from '../flag-sets/canonical-json.js';
import type { FlagConfigFields, FlagConfigStore } from '../flags/flag-config-store.js';
import type { FlagConfiguration } from '../flags/flag-configuration.js';
import { flagKeyIssues } from '../flags/flag-key-rule.js';
import type { Flag, FlagKind, FlagStore } from '../flags/flag-store.js';
import { flagKinds } from '../flags/flag-store.js';
import { conflict, type Issue, validationFailed } from '../kernel/errors.js';
import { AnyJson, MetadataSchema } from '../kernel/field-schemas.js';
import { segmentKeyPattern } from '../segments/segment-service.js';
import type { SegmentStore } from '../segments/segment-store.js';
import type { Queryable } from '../storage/database.js';
import { normalizeDocument } from './normalize-document.js';

/**
 * A flagd document. Unknown properties (top level and per flag) are refused with every other
 * problem of the document at once, each with a suggestion when it looks like a misspelt name.
 */
export const FlagSetPayload = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    flags: Type.Union([Type.Record(Type.String(), AnyJson), Type.Array(AnyJson)]),
    $evaluators: Type.Optional(Type.Record(Type.String(), AnyJson)),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: true },
);

export interface ImportOutcome {
  created: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
}

export interface ImportDeps {
  environments: (db: Queryable) => EnvironmentStore;
  flags: (db: Queryable) => FlagStore;
  flagConfigs: (db: Queryable) => FlagConfigStore;
  segments: (db: Queryable) => SegmentStore;
  configuration: FlagConfiguration;
  flagKeyRule: RegExp;
  /** The environment's document before the change (for the audit entry). */
  loadDocument(ctx: CommandContext, environment: Environment): Promise<FlagSetDocument | null>;
}

const evaluatorName = new RegExp(segmentKeyPattern);

/**
 * `flagset.import`: makes an environment's flag set equal to a flagd document. Flags and segments
 * are created, updated or removed from this environment. A new flag joins the project and starts
 * DISABLED in the other environments; variants are project-wide, so changing them changes other
 * environments too (and needs the right to change them).
 */
export function importCommand(deps: ImportDeps) {
  return defineCommand({
    action: 'flagset.import',
    summary: "Replace an environment's flag set with a flagd document (all or nothing)",
    target: ['project', 'environment'],
    payload: FlagSetPayload,
    permission: 'write',
    scope: 'environment',
    unit: 'project',
    versioned: true,
    async run(ctx, payload: Static<typeof FlagSetPayload>) {
      const root = ctx.payloadPath('');
      const { document, issues } = normalizeDocument(payload, root);
      // flagd tolerates unknown properties; we refuse them, so a "targetting" never silently disappears.
      issues.push(
        ...unknownFieldIssues(payload).map((i) => ({ path: `${root}${i.path}`, message: i.message })),
      );
      issues.push(...documentIssues(document, deps.flagKeyRule, root));
      if (issues.length > 0) throw validationFailed(issues);
      const project = ctx.project!;
      const environment = await requireEnvironment(
        deps.environments(ctx.tx),
        project,
        ctx.command.target.environment!,
      );
      ctx.checkVersion(`flag set of environment "${environment.key}"`, environment.version);
      const before = await deps.loadDocument(ctx, environment);
      const flags = await importFlags(deps, ctx, environment, document.flags);
      const segments = await importSegments(deps, ctx, environment, document.$evaluators ?? {});
      await deps
        .environments(ctx.tx)
        .setMetadata(environment.id, (document.metadata as FlagSetMetadata) ?? null);
      ctx.audit({
        action: 'flagset.import',
        resourceType: 'flagset',
        resource: `projects/${project.key}/environments/${environment.key}/flagset`,
        projectKey: project.key,
        environmentKey: environment.key,
        before,
        after: document,
      });
      return { ...flags, segments };
    },
  });
}

/** Strict validation of the document as sent, plus the naming rules; paths point into the payload. */
function documentIssues(document: FlagSetDocument, flagKeyRule: RegExp, root: string): Issue[] {
  const issues: Issue[] = FlagSet.validate(document).map((i) => ({
    path: `${root}${i.path}`,
    message: i.message,
  }));
  for (const key of Object.keys(document.flags)) {
    issues.push(...flagKeyIssues(key, flagKeyRule, pointer(`${root}/flags`, key)));
  }
  for (const name of Object.keys(document.$evaluators ?? {})) {
    if (!evaluatorName.test(name) || name.length > 200) {
      issues.push({
        path: pointer(`${root}/$evaluators`, name),
        message: `segment name must match ${segmentKeyPattern} and be at most 200 characters long`,
      });
    }
  }
  return issues;
}

async function importFlags(
  deps: ImportDeps,
  ctx: CommandContext,
  environment: Environment,
  definitions: Record<string, FlagDefinition>,
): Promise<ImportOutcome> {
  const outcome = emptyOutcome();
  const flagStore = deps.flags(ctx.tx);
  const existing = new Map((await flagStore.list(environment.projectId)).map((f) => [f.key, f]));
  const environments = await deps.environments(ctx.tx).list(environment.projectId);
  const configs = await deps.flagConfigs(ctx.tx).listOfEnvironments([environment.id]);
  const configByFlag = new Map(configs.map((c) => [c.flagId, c]));
  const defaultVariantPath = (key: string) => `${pointer(ctx.payloadPath('/flags'), key)}/defaultVariant`;

  for (const [key, definition] of Object.entries(definitions)) {
    const fields = configFields(definition);
    const flag = existing.get(key);
    if (flag?.archivedAt) {
      throw conflict(`flag "${key}" is archived (since ${flag.archivedAt}): restore it before importing it`);
    }
    if (!flag) {
      const created = await flagStore.insert(
        environment.projectId,
        key,
        newFlagFields(key, definition),
        ctx.now,
      );
      await deps.configuration.addFlag(ctx, created, environments, new Map([[environment.id, fields]]));
      outcome.created.push(key);
      continue;
    }
    let changed = false;
    const next = updatedFlagFields(flag, definition);
    if (canonicalJson(flagFields(flag)) !== canonicalJson(next)) {
      await flagStore.update(flag, next, ctx.now);
      changed = true;
    }
    const config = configByFlag.get(flag.id);
    if (!config || canonicalJson(configFieldsOf(config)) !== canonicalJson(fields)) {
      const current = { ...flag, variants: next.variants };
      await deps.configuration.save(ctx, current, environment, fields, config, defaultVariantPath(key));
      changed = true;
    }
    (changed ? outcome.updated : outcome.unchanged).push(key);
  }
  for (const flag of existing.values()) {
    // An archived flag is not served: the import does not replace it, and it keeps its configuration.
    if (!Object.hasOwn(definitions, flag.key) && configByFlag.has(flag.id) && !flag.archivedAt) {
      await deps.flagConfigs(ctx.tx).delete(flag.id, environment.id);
      outcome.removed.push(flag.key);
    }
  }
  return sortOutcome(outcome);
}

async function importSegments(
  deps: ImportDeps,
  ctx: CommandContext,
  environment: Environment,
  evaluators: Record<string, JsonValue>,
): Promise<ImportOutcome> {
  const store = deps.segments(ctx.tx);
  const outcome = emptyOutcome();
  const existing = new Map((await store.list([environment.id])).map((s) => [s.key, s]));
  for (const [key, rule] of Object.entries(evaluators)) {
    const segment = existing.get(key);
    if (!segment) {
      await store.insert(environment.id, key, { name: key, description: '', rule }, ctx.now);
      outcome.created.push(key);
    } else if (canonicalJson(segment.rule) !== canonicalJson(rule)) {
      await store.update(segment, { ...segment, rule }, ctx.now);
      outcome.updated.push(key);
    } else {
      outcome.unchanged.push(key);
    }
  }
  for (const segment of existing.values()) {
    if (!Object.hasOwn(evaluators, segment.key)) {
      await store.delete(segment.id);
      outcome.removed.push(segment.key);
    }
  }
  return sortOutcome(outcome);
}

function configFields(definition: FlagDefinition): FlagConfigFields {
  return {
    state: definition.state,
    defaultVariant: definition.defaultVariant ?? null,
    targeting: (definition.targeting as JsonObject | undefined) ?? null,
  };
}

function configFieldsOf(config: FlagConfigFields): FlagConfigFields {
  return { state: config.state, defaultVariant: config.defaultVariant, targeting: config.targeting };
}

/** flagd's metadata conventions `kind` and `owner` fill the flag's own fields when they are valid. */
function kindAndOwner(metadata: FlagDefinition['metadata']): { kind?: FlagKind; owner?: string } {
  const kind = metadata?.kind;
  const owner = metadata?.owner;
  return {
    ...(typeof kind === 'string' &&
      (flagKinds as readonly string[]).includes(kind) && { kind: kind as FlagKind }),
    ...(typeof owner === 'string' && owner.length <= 200 && { owner }),
  };
}

function newFlagFields(key: string, definition: FlagDefinition) {
  return {
    name: key,
    description: '',
    kind: 'release' as FlagKind,
    owner: '',
    tags: [],
    variants: definition.variants,
    metadata: (definition.metadata as Flag['metadata']) ?? null,
    defaultVariant: definition.defaultVariant ?? null,
    safeVariant: null,
    ...kindAndOwner(definition.metadata),
  };
}

function flagFields(flag: Flag) {
  const { name, description, kind, owner, tags, variants, metadata, defaultVariant, safeVariant } = flag;
  return { name, description, kind, owner, tags, variants, metadata, defaultVariant, safeVariant };
}

function updatedFlagFields(flag: Flag, definition: FlagDefinition) {
  const keepsDefault =
    flag.defaultVariant !== null && Object.hasOwn(definition.variants, flag.defaultVariant);
  return {
    ...flagFields(flag),
    variants: definition.variants,
    defaultVariant: keepsDefault ? flag.defaultVariant : (definition.defaultVariant ?? null),
    // A safe variant the document drops falls back to the default rule.
    safeVariant:
      flag.safeVariant !== null && Object.hasOwn(definition.variants, flag.safeVariant)
        ? flag.safeVariant
        : null,
    metadata: (definition.metadata as Flag['metadata']) ?? null,
    ...kindAndOwner(definition.metadata),
  };
}

function emptyOutcome(): ImportOutcome {
  return { created: [], updated: [], unchanged: [], removed: [] };
}

function sortOutcome(outcome: ImportOutcome): ImportOutcome {
  for (const list of Object.values(outcome)) list.sort();
  return outcome;
}
