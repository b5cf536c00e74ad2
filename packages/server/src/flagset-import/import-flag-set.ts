import type { FlagDefinition, FlagSetDocument, JsonObject, JsonValue } from '@switchyard/core';
import {
  type Environment,
  listEnvironments,
  setEnvironmentMetadata,
} from '../environments/environment-store.js';
import {
  deleteFlagConfig,
  type FlagConfigFields,
  listConfigsOfEnvironments,
  saveFlagConfig,
} from '../flag-configs/flag-config-store.js';
import { canonicalJson } from '../flag-sets/canonical-json.js';
import { type Flag, insertFlag, listFlags, updateFlag } from '../flags/flag-store.js';
import type { Project } from '../projects/project-store.js';
import { deleteSegment, insertSegment, listSegments, updateSegment } from '../segments/segment-store.js';
import type { ChangeScope } from '../write-path/write-path.js';

export interface ImportOutcome {
  created: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
}

/**
 * Makes the environment's flag set equal to `document`: flags and segments are created, updated
 * or removed from this environment. A new flag is added to the project and starts DISABLED in the
 * other environments; variants are project-wide, so changing them also changes other environments
 * (their documents are validated by the write path before commit).
 */
export async function importFlagSet(
  scope: ChangeScope,
  project: Project,
  environment: Environment,
  document: FlagSetDocument,
): Promise<{ flags: ImportOutcome; segments: ImportOutcome }> {
  const flags = await importFlags(scope, project, environment, document.flags);
  const segments = await importSegments(scope, environment, document.$evaluators ?? {});
  await setEnvironmentMetadata(scope.tx, environment.id, document.metadata ?? null);
  return { flags, segments };
}

async function importFlags(
  scope: ChangeScope,
  project: Project,
  environment: Environment,
  definitions: Record<string, FlagDefinition>,
): Promise<ImportOutcome> {
  const { tx, now } = scope;
  const outcome = emptyOutcome();
  const existing = new Map((await listFlags(tx, project.id)).map((f) => [f.key, f]));
  const environments = await listEnvironments(tx, project.id);
  const configs = await listConfigsOfEnvironments(tx, [environment.id]);
  const configByFlag = new Map(configs.map((c) => [c.flagId, c]));

  for (const [key, definition] of Object.entries(definitions)) {
    const fields = configFields(definition);
    const variants = definition.variants;
    const metadata = definition.metadata ?? null;
    const flag = existing.get(key);
    if (!flag) {
      const created = await insertFlag(tx, project.id, key, newFlagFields(key, variants, metadata), now);
      for (const other of environments) {
        const otherFields: FlagConfigFields =
          other.id === environment.id
            ? fields
            : {
                state: 'DISABLED',
                defaultVariant: fields.defaultVariant ?? Object.keys(variants)[0] ?? null,
                targeting: null,
              };
        await saveFlagConfig(tx, created.id, other.id, otherFields, undefined, now);
      }
      outcome.created.push(key);
      continue;
    }
    let changed = false;
    if (
      canonicalJson(flag.variants) !== canonicalJson(variants) ||
      canonicalJson(flag.metadata) !== canonicalJson(metadata)
    ) {
      await updateFlag(tx, flag, { ...flag, variants, metadata }, now);
      changed = true;
    }
    const config = configByFlag.get(flag.id);
    if (!config || canonicalJson(configFieldsOf(config)) !== canonicalJson(fields)) {
      await saveFlagConfig(tx, flag.id, environment.id, fields, config, now);
      changed = true;
    }
    (changed ? outcome.updated : outcome.unchanged).push(key);
  }
  for (const flag of existing.values()) {
    if (!Object.hasOwn(definitions, flag.key) && configByFlag.has(flag.id)) {
      await deleteFlagConfig(tx, flag.id, environment.id);
      outcome.removed.push(flag.key);
    }
  }
  return sortOutcome(outcome);
}

async function importSegments(
  scope: ChangeScope,
  environment: Environment,
  evaluators: Record<string, JsonValue>,
): Promise<ImportOutcome> {
  const { tx, now } = scope;
  const outcome = emptyOutcome();
  const existing = new Map((await listSegments(tx, [environment.id])).map((s) => [s.key, s]));
  for (const [key, rule] of Object.entries(evaluators)) {
    const segment = existing.get(key);
    if (!segment) {
      await insertSegment(tx, environment.id, key, { name: key, description: '', rule }, now);
      outcome.created.push(key);
    } else if (canonicalJson(segment.rule) !== canonicalJson(rule)) {
      await updateSegment(tx, segment, { ...segment, rule }, now);
      outcome.updated.push(key);
    } else {
      outcome.unchanged.push(key);
    }
  }
  for (const segment of existing.values()) {
    if (!Object.hasOwn(evaluators, segment.key)) {
      await deleteSegment(tx, segment.id);
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

function newFlagFields(key: string, variants: Flag['variants'], metadata: Flag['metadata']) {
  return { name: key, description: '', kind: 'release' as const, owner: '', tags: [], variants, metadata };
}

function emptyOutcome(): ImportOutcome {
  return { created: [], updated: [], unchanged: [], removed: [] };
}

function sortOutcome(outcome: ImportOutcome): ImportOutcome {
  for (const list of Object.values(outcome)) list.sort();
  return outcome;
}
