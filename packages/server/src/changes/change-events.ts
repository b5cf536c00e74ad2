import type { CommittedChange } from '../commands/change-unit.js';
import { type Access, allows, readableProjects } from '../kernel/access.js';

/** One `event: change` of `GET /api/v1/changes`: one audit record of a committed command. */
export interface ChangeEvent {
  /** null: a change outside any project (admin tokens). */
  project: string | null;
  environment?: string;
  /** The kind of resource: `flag`, `flag-config`, `segment`, `rollout`, `experiment`, … (the audit's). */
  resource: string;
  /** Which one: the last part of its path (a flag or segment key, a rollout or token id). */
  key?: string;
  /** The flag it concerns, when it concerns one (a flag's configuration, rollout, experiment). */
  flag?: string;
  /** Its path, as the audit trail names it (`projects/shop/flags/checkout`). */
  path: string;
  action: string;
  /** The environment's new flag-set version, when the change changed its flag set. */
  version?: number;
  at: string;
  actor: { id: string; name: string };
}

/** The events a committed change makes, one per audit record, in the order they were recorded. */
export function changeEvents(change: CommittedChange): ChangeEvent[] {
  const versions = new Map(change.versions.map((v) => [`${v.project}/${v.environment}`, v.version]));
  return change.records.map((record) => {
    const project = record.projectKey ?? null;
    const key = record.resource.slice(record.resource.lastIndexOf('/') + 1);
    const version =
      project !== null && record.environmentKey !== undefined
        ? versions.get(`${project}/${record.environmentKey}`)
        : undefined;
    return {
      project,
      ...(record.environmentKey !== undefined && { environment: record.environmentKey }),
      resource: record.resourceType,
      ...(key !== '' && { key }),
      ...(record.flagKey !== undefined && { flag: record.flagKey }),
      path: record.resource,
      action: record.action,
      ...(version !== undefined && { version }),
      at: change.at,
      actor: change.actor,
    };
  });
}

/** Resources whose very existence only admins may read (the API lists them to admins only). */
const adminResources = new Set(['sdk-key', 'admin-token']);

/**
 * Whether `access` may read what the event is about, by the rules of the routes that list it: the
 * environment (or project) it is in; SDK keys and admin tokens need an admin there; a change outside
 * any project is for tokens that reach every project. A token limited to actions reads nothing.
 */
export function canSeeChange(access: Access, event: ChangeEvent): boolean {
  const permission = adminResources.has(event.resource) ? 'admin' : 'read';
  if (event.project === null) return readableProjects(access) === null && allows(access, permission, {});
  return allows(access, permission, {
    project: event.project,
    ...(event.environment !== undefined && { environment: event.environment }),
  });
}
