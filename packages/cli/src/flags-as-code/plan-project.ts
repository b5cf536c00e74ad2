import type { ProjectDocument, ProjectFlag, ProjectSegment } from '@switchyard/flag-files';
import type { ServerFlag, ServerProject, ServerSegment } from './server-project.js';

/** A command as `POST /api/v1/commands` takes it. */
export interface ProjectCommand {
  readonly action: string;
  readonly target: Readonly<Record<string, string>>;
  readonly payload?: unknown;
  readonly expectedVersion?: number;
}

export interface FieldChange {
  readonly field: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export type ChangeType = 'create' | 'update' | 'delete';

export interface PlannedChange {
  readonly type: ChangeType;
  /** `flag new-checkout`, `flag new-checkout in production`, `segment beta in production`, … */
  readonly resource: string;
  readonly fields: readonly FieldChange[];
  readonly command: ProjectCommand;
  /** True when it does not need an earlier change of the plan, so the server can plan it up front. */
  readonly independent: boolean;
}

export interface ProjectPlan {
  /** In the order they must run: containers before contents, deletions last. */
  readonly changes: readonly PlannedChange[];
  /** What `--prune` would delete, when it was not given. */
  readonly kept: readonly string[];
}

const FLAG_FIELDS = ['name', 'description', 'kind', 'owner', 'tags', 'variants', 'metadata'] as const;

/**
 * What it takes to make the server's project match the document. Only what the document states is
 * compared (a flag field left out is left alone), so applying a plan and planning again finds nothing.
 * Environments are created but never deleted; flags and segments the document leaves out are deleted
 * only with `prune`.
 */
export function planProject(desired: ProjectDocument, current: ServerProject, prune: boolean): ProjectPlan {
  const changes: PlannedChange[] = [];
  const deletions: PlannedChange[] = [];
  const project = desired.project;
  const desiredEnvironments = Object.entries(desired.environments ?? {});
  const desiredFlags = Object.entries(desired.flags ?? {});
  const existingEnvironments = new Map(current.environments.map((e) => [e.key, e]));
  const existingFlags = new Map(current.flags.map((f) => [f.key, f]));

  if (!current.exists) {
    const environments = desiredEnvironments.map(([key, e]) => ({
      key,
      ...(e.name !== undefined && { name: e.name }),
    }));
    changes.push({
      type: 'create',
      resource: `project ${project}`,
      fields: environments.map((e) => ({ field: `environment ${e.key}`, after: e.name ?? e.key })),
      command: { action: 'project.create', target: {}, payload: { key: project, environments } },
      independent: true,
    });
  } else {
    for (const [key, environment] of desiredEnvironments) {
      if (existingEnvironments.has(key)) continue;
      changes.push({
        type: 'create',
        resource: `environment ${key}`,
        fields: environment.name === undefined ? [] : [{ field: 'name', after: environment.name }],
        command: {
          action: 'environment.create',
          target: { project },
          payload: { key, ...(environment.name !== undefined && { name: environment.name }) },
        },
        independent: true,
      });
    }
  }

  for (const [key, environment] of desiredEnvironments) {
    const existing = existingEnvironments.get(key);
    const segments = new Map((existing?.segments ?? []).map((s) => [s.key, s]));
    for (const [segmentKey, segment] of Object.entries(environment.segments ?? {})) {
      const change = segmentChange(
        project,
        key,
        segmentKey,
        segment,
        segments.get(segmentKey),
        existing !== undefined,
      );
      if (change) changes.push(change);
    }
    for (const segment of existing?.segments ?? []) {
      if (Object.hasOwn(environment.segments ?? {}, segment.key)) continue;
      deletions.push({
        type: 'delete',
        resource: `segment ${segment.key} in ${key}`,
        fields: [],
        command: {
          action: 'segment.delete',
          target: { project, environment: key, segment: segment.key },
          expectedVersion: segment.version,
        },
        independent: true,
      });
    }
  }

  for (const [key, flag] of desiredFlags) {
    const change = flagChange(project, key, flag, existingFlags.get(key));
    if (change) changes.push(change);
  }

  for (const [environmentKey, environment] of desiredEnvironments) {
    for (const [flagKey, config] of Object.entries(environment.flags ?? {})) {
      const existing = existingFlags.get(flagKey)?.environments[environmentKey];
      const after = {
        state: config.state,
        defaultVariant: config.defaultVariant ?? null,
        targeting: config.targeting ?? null,
      };
      const before = existing && {
        state: existing.state,
        defaultVariant: existing.defaultVariant,
        targeting: existing.targeting,
      };
      const fields = fieldChanges(before ?? {}, after, ['state', 'defaultVariant', 'targeting']);
      if (fields.length === 0) continue;
      changes.push({
        type: 'update',
        resource: `flag ${flagKey} in ${environmentKey}`,
        fields,
        command: {
          action: 'flag-config.replace',
          target: { project, environment: environmentKey, flag: flagKey },
          payload: after,
          // A configuration the plan creates (new flag or environment) has no version to expect yet.
          ...(existing !== undefined && { expectedVersion: existing.version }),
        },
        independent: existing !== undefined,
      });
    }
  }

  for (const flag of current.flags) {
    if (Object.hasOwn(desired.flags ?? {}, flag.key)) continue;
    deletions.push({
      type: 'delete',
      resource: `flag ${flag.key}`,
      fields: [],
      command: { action: 'flag.delete', target: { project, flag: flag.key }, expectedVersion: flag.version },
      independent: true,
    });
  }

  // Flags go before segments: a segment still referred to by a deleted flag's targeting cannot go first.
  deletions.sort((a, b) => rank(a) - rank(b));
  // In a project the plan creates, everything waits for the project.
  const ordered = current.exists
    ? changes
    : changes.map((change, index) => (index === 0 ? change : { ...change, independent: false }));
  if (prune) return { changes: [...ordered, ...deletions], kept: [] };
  return { changes: ordered, kept: deletions.map((d) => d.resource) };
}

function rank(change: PlannedChange): number {
  return change.command.action === 'flag.delete' ? 0 : 1;
}

function flagChange(
  project: string,
  key: string,
  flag: ProjectFlag,
  existing: ServerFlag | undefined,
): PlannedChange | undefined {
  const stated = Object.fromEntries(
    FLAG_FIELDS.filter((f) => flag[f] !== undefined).map((f) => [f, flag[f]]),
  );
  if (existing === undefined) {
    return {
      type: 'create',
      resource: `flag ${key}`,
      fields: Object.entries(stated).map(([field, after]) => ({ field, after })),
      command: {
        action: 'flag.create',
        target: { project },
        payload: { key, ...stated },
        expectedVersion: 0,
      },
      independent: true,
    };
  }
  const fields = fieldChanges(existing as unknown as Record<string, unknown>, stated, Object.keys(stated));
  if (fields.length === 0) return undefined;
  return {
    type: 'update',
    resource: `flag ${key}`,
    fields,
    command: {
      action: 'flag.update',
      target: { project, flag: key },
      payload: Object.fromEntries(fields.map((f) => [f.field, f.after])),
      expectedVersion: existing.version,
    },
    independent: true,
  };
}

function segmentChange(
  project: string,
  environment: string,
  key: string,
  segment: ProjectSegment,
  existing: ServerSegment | undefined,
  environmentExists: boolean,
): PlannedChange | undefined {
  const stated: Record<string, unknown> = { rule: segment.rule };
  if (segment.name !== undefined) stated.name = segment.name;
  if (segment.description !== undefined) stated.description = segment.description;
  const resource = `segment ${key} in ${environment}`;
  const target = { project, environment };
  if (existing === undefined) {
    return {
      type: 'create',
      resource,
      fields: Object.entries(stated).map(([field, after]) => ({ field, after })),
      command: { action: 'segment.create', target, payload: { key, ...stated } },
      independent: environmentExists,
    };
  }
  const fields = fieldChanges(existing as unknown as Record<string, unknown>, stated, Object.keys(stated));
  if (fields.length === 0) return undefined;
  return {
    type: 'update',
    resource,
    fields,
    command: {
      action: 'segment.update',
      target: { ...target, segment: key },
      payload: Object.fromEntries(fields.map((f) => [f.field, f.after])),
      expectedVersion: existing.version,
    },
    independent: true,
  };
}

function fieldChanges(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): FieldChange[] {
  return fields
    .filter((field) => !sameJson(before[field], after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

/** Equal as JSON values; object key order does not matter (the server may store keys in another order). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
