import type { FlagSetDocument } from '@switchyard/core';
import { type AuditMeta, type AuditRecord, auditChanges } from '../audit/audit-store.js';
import { canonicalJson } from '../flag-sets/canonical-json.js';
import type { EnvironmentRef } from '../flag-sets/flag-set-registry.js';
import type { WriteRequest } from '../kernel/actor.js';
import { notFound, validationFailed } from '../kernel/errors.js';
import type { Db, DialectName } from '../storage/database.js';
import { inTransaction, lockProject, type Tx } from '../storage/transaction.js';
import { diffFlagSets, type FlagSetPlan, type Plan } from './plan.js';
import { type EnvironmentDocument, validateDocuments } from './validate-documents.js';

/** The part of a logger the change unit uses (Fastify's logger fits). */
export interface ChangeLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ProjectRef {
  id: string;
  key: string;
}

/** What a command's work sees while its transaction is open. */
export interface ChangeScope {
  tx: Tx;
  /** The commit time, shared by every row the change writes. */
  now: string;
  audit(record: AuditRecord): void;
  /** Runs after the commit (in-memory side effects such as forgetting a revoked key); never on a plan. */
  afterCommit(effect: () => void): void;
  /** For a change that creates its project: which one, so its flag sets are published. */
  createdProject(project: ProjectRef): void;
}

export interface ChangeUnitDeps {
  db: Db;
  dialect: DialectName;
  /** Builds the flag-set document of every environment of a project. */
  loadDocuments(tx: Tx, projectId: string): Promise<EnvironmentDocument[]>;
  bumpVersion(tx: Tx, environmentId: string, now: string): Promise<number>;
  insertAudit(tx: Tx, record: AuditRecord, meta: AuditMeta): Promise<void>;
  registry: {
    publish(env: EnvironmentRef, document: FlagSetDocument, version: number): unknown;
    remove(environmentId: string): void;
  };
  /** Tells other replicas about the change (PostgreSQL NOTIFY); runs inside the transaction. */
  announce?: (tx: Tx, project: ProjectRef | null, change: CommittedChange) => Promise<void>;
  /** Told of every committed change (never of a plan or a rolled-back one): the live change stream. */
  onCommitted?: (change: CommittedChange) => void;
  /** Called after the commit of a change that deleted environments (e.g. to forget their SDK keys). */
  onEnvironmentsRemoved?: (environmentIds: string[]) => void;
  log: ChangeLog;
  now?: () => Date;
}

/** What a committed change did, for those watching live: its audit records and the new versions. */
export interface CommittedChange {
  at: string;
  action: string;
  actor: { id: string; name: string };
  records: readonly AuditRecord[];
  /** The new flag-set version of each environment whose flag set the change changed. */
  versions: readonly { project: string; environment: string; version: number }[];
}

export interface ChangeRequest extends WriteRequest {
  reason?: string | undefined;
  /** The action, for the log line and the plan. */
  action: string;
  /**
   * Writes that must commit exactly when the change does (a schedule recording that it ran): runs
   * inside the transaction, last, with the change's result; throwing rolls the whole change back.
   * Never runs for a plan.
   */
  inSameTransaction?: ((tx: Tx, result: unknown) => Promise<void>) | undefined;
}

export interface ChangeOptions {
  /** null: a change outside any project (admin tokens); 'new': the work creates its project. */
  project: ProjectRef | 'new' | null;
  /** Refuses (throws) when the actor may not change one of these environments. */
  authoriseEnvironments?: (project: ProjectRef, environmentKeys: string[]) => void;
}

interface Publication {
  env: EnvironmentRef;
  document: FlagSetDocument;
  version: number;
}

/** Thrown inside the transaction to roll a plan back; carries what it found. */
class PlanReady {
  constructor(readonly plan: Plan) {}
}

/**
 * One change, all or nothing: the rows it writes, the version bump of every environment whose
 * flag set it changes and its audit entries commit in one transaction; the resulting documents
 * are validated strictly before commit and published to the registry after it. `plan` runs the
 * same work and rolls it back, answering what it would have done.
 */
export class ChangeUnit {
  constructor(private readonly deps: ChangeUnitDeps) {}

  async commit<T>(
    request: ChangeRequest,
    options: ChangeOptions,
    work: (scope: ChangeScope) => Promise<T>,
  ): Promise<T> {
    const outcome = await this.#run(request, options, work, false);
    return outcome as T;
  }

  async plan(
    request: ChangeRequest,
    options: ChangeOptions,
    work: (scope: ChangeScope) => Promise<unknown>,
  ): Promise<Plan> {
    try {
      await this.#run(request, options, work, true);
    } catch (error) {
      if (error instanceof PlanReady) return error.plan;
      throw error;
    }
    throw new Error('a plan must end in its rollback');
  }

  async #run<T>(
    request: ChangeRequest,
    options: ChangeOptions,
    work: (scope: ChangeScope) => Promise<T>,
    dryRun: boolean,
  ): Promise<T> {
    const now = (this.deps.now?.() ?? new Date()).toISOString();
    const records: AuditRecord[] = [];
    const effects: (() => void)[] = [];
    const { result, publications, committed, removed } = await inTransaction(this.deps.db, async (tx) => {
      let project = options.project === 'new' ? null : options.project;
      // The caller looked the project up before the transaction: another writer may have deleted it since.
      if (project && !(await lockProject(tx, this.deps.dialect, project.id))) {
        throw notFound(`project "${project.key}" does not exist`);
      }
      const before = project ? await this.deps.loadDocuments(tx, project.id) : [];
      const scope: ChangeScope = {
        tx,
        now,
        audit: (record) => records.push(record),
        afterCommit: (effect) => effects.push(effect),
        createdProject: (created) => {
          project = created;
        },
      };
      const result = await work(scope);
      const after = project ? await this.deps.loadDocuments(tx, project.id) : [];
      const changed = changedDocuments(before, after);
      const remaining = new Set(after.map((d) => d.environment.id));
      const removedDocuments = before.filter((d) => !remaining.has(d.environment.id));
      if (project && options.authoriseEnvironments) {
        const touched = [...changed, ...removedDocuments].map((d) => d.environment.key);
        if (touched.length > 0) options.authoriseEnvironments(project, [...new Set(touched)]);
      }
      const issues = validateDocuments(changed);
      if (issues.length > 0) throw validationFailed(issues);
      if (dryRun) {
        throw new PlanReady({
          action: request.action,
          changes: records.map((record) => ({ ...record, changes: auditChanges(record) })),
          flagSets: flagSetPlans(project, before, after),
        });
      }
      const publications: Publication[] = [];
      for (const { environment, document } of changed) {
        const version = await this.deps.bumpVersion(tx, environment.id, now);
        const env = {
          environmentId: environment.id,
          projectKey: project!.key,
          environmentKey: environment.key,
        };
        publications.push({ env, document, version });
      }
      const { actor, requestId } = request;
      const meta = {
        at: now,
        actorId: actor.id,
        actorName: actor.name,
        requestId,
        reason: request.reason ?? null,
      };
      for (const record of records) await this.deps.insertAudit(tx, record, meta);
      await request.inSameTransaction?.(tx, result);
      // Inside the transaction, so other replicas hear of the change exactly when it commits.
      const committed = committedChange(request, now, records, publications);
      await this.deps.announce?.(tx, project ? { id: project.id, key: project.key } : null, committed);
      return { result, publications, committed, removed: removedDocuments.map((d) => d.environment.id) };
    });
    this.#publish(publications);
    for (const id of removed) this.deps.registry.remove(id);
    if (removed.length > 0) this.deps.onEnvironmentsRemoved?.(removed);
    for (const effect of effects) {
      try {
        effect();
      } catch (error) {
        this.deps.log.error({ err: error }, 'an after-commit step of a committed change failed');
      }
    }
    this.#tellCommitted(committed);
    this.deps.log.info(
      {
        reqId: request.requestId,
        actor: request.actor.id,
        command: request.action,
        actions: records.map((r) => `${r.action} ${r.resource}`),
        versions: Object.fromEntries(publications.map((p) => [p.env.environmentKey, p.version])),
      },
      'change committed',
    );
    return result;
  }

  #tellCommitted(committed: CommittedChange) {
    if (!this.deps.onCommitted || committed.records.length === 0) return;
    try {
      this.deps.onCommitted(committed);
    } catch (error) {
      this.deps.log.error({ err: error }, 'telling watchers of a committed change failed');
    }
  }

  #publish(publications: Publication[]): void {
    for (const { env, document, version } of publications) {
      try {
        this.deps.registry.publish(env, document, version);
      } catch (error) {
        // Cannot happen for a document that passed strict validation; the commit stands either way.
        this.deps.log.error({ err: error, env }, 'publishing a committed flag set failed');
      }
    }
  }
}

function committedChange(
  request: ChangeRequest,
  at: string,
  records: AuditRecord[],
  publications: Publication[],
): CommittedChange {
  return {
    at,
    action: request.action,
    actor: { id: request.actor.id, name: request.actor.name },
    records,
    versions: publications.map(({ env, version }) => ({
      project: env.projectKey,
      environment: env.environmentKey,
      version,
    })),
  };
}

function changedDocuments(
  before: readonly EnvironmentDocument[],
  after: readonly EnvironmentDocument[],
): EnvironmentDocument[] {
  const previous = new Map(before.map((d) => [d.environment.id, canonicalJson(d.document)]));
  return after.filter((d) => previous.get(d.environment.id) !== canonicalJson(d.document));
}

function flagSetPlans(
  project: ProjectRef | null,
  before: readonly EnvironmentDocument[],
  after: readonly EnvironmentDocument[],
): FlagSetPlan[] {
  if (!project) return [];
  const byId = new Map(before.map((d) => [d.environment.id, d]));
  const plans: FlagSetPlan[] = [];
  for (const next of after) {
    const previous = byId.get(next.environment.id);
    byId.delete(next.environment.id);
    const plan = diffFlagSets(project.key, next.environment, previous?.document ?? null, next.document);
    if (plan) plans.push(plan);
  }
  for (const gone of byId.values()) {
    const plan = diffFlagSets(project.key, gone.environment, gone.document, null);
    if (plan) plans.push(plan);
  }
  return plans;
}
