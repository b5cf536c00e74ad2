import { type AuditRecord, insertAuditEntry } from '../audit/audit-store.js';
import { bumpEnvironmentVersion } from '../environments/environment-store.js';
import {
  type EnvironmentDocument,
  loadProjectDocuments,
} from '../environments/load-environment-documents.js';
import { canonicalJson } from '../flag-sets/canonical-json.js';
import type { EnvironmentRef, FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import { notFound, validationFailed } from '../http/errors.js';
import type { Db, DialectName } from '../storage/database.js';
import { inTransaction, lockProject, type Tx } from '../storage/transaction.js';
import type { WriteRequest } from './actor.js';
import { validateDocuments } from './validate-documents.js';

/** The part of a logger the write path uses (Fastify's logger fits). */
export interface WriteLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ChangeScope {
  tx: Tx;
  /** The commit time, shared by every row the change writes. */
  now: string;
  audit(record: AuditRecord): void;
}

export interface ProjectRef {
  id: string;
  key: string;
}

interface Publication {
  env: EnvironmentRef;
  document: EnvironmentDocument['document'];
  version: number;
}

export interface WritePathDeps {
  db: Db;
  dialect: DialectName;
  registry: Pick<FlagSetRegistry, 'publish' | 'remove'>;
  /** Tells other replicas about the change (PostgreSQL NOTIFY); runs inside the transaction. */
  announce?: (tx: Tx, project: ProjectRef | null) => Promise<void>;
  /** Called after the commit of a change that deleted environments (e.g. to forget their SDK keys). */
  onEnvironmentsRemoved?: (environmentIds: string[]) => void;
  log: WriteLog;
  now?: () => Date;
}

/**
 * The only way the management model changes. One transaction holds the change, the version
 * bump of every environment whose flag set it changed and the audit entries; the resulting
 * documents are validated strictly before commit and published to the registry after it.
 */
export class WritePath {
  constructor(private readonly deps: WritePathDeps) {}

  /** A change to an existing project: writers of the same project are serialised. */
  commit<T>(
    request: WriteRequest,
    project: ProjectRef,
    work: (scope: ChangeScope) => Promise<T>,
  ): Promise<T> {
    return this.run(request, async (scope) => {
      // The caller looked the project up before the transaction: another writer may have deleted it since.
      if (!(await lockProject(scope.tx, this.deps.dialect, project.id))) {
        throw notFound(`project "${project.key}" does not exist`);
      }
      const before = await loadProjectDocuments(scope.tx, project.id);
      return { project, before, result: await work(scope) };
    });
  }

  /** A change that creates its project (nothing to lock: the unique key settles races). */
  commitNewProject<T>(
    request: WriteRequest,
    work: (scope: ChangeScope) => Promise<{ project: ProjectRef; result: T }>,
  ): Promise<T> {
    return this.run(request, async (scope) => ({ before: [], ...(await work(scope)) }));
  }

  /** A change outside any flag set (admin tokens): one transaction with its audit entry. */
  commitOutsideFlagSets<T>(request: WriteRequest, work: (scope: ChangeScope) => Promise<T>): Promise<T> {
    return this.run(request, async (scope) => ({ project: null, before: [], result: await work(scope) }));
  }

  private async run<T>(
    request: WriteRequest,
    work: (
      scope: ChangeScope,
    ) => Promise<{ project: ProjectRef | null; before: EnvironmentDocument[]; result: T }>,
  ): Promise<T> {
    const now = (this.deps.now?.() ?? new Date()).toISOString();
    const records: AuditRecord[] = [];
    const { result, publications, removed } = await inTransaction(this.deps.db, async (tx) => {
      const scope: ChangeScope = { tx, now, audit: (record) => records.push(record) };
      const { project, before, result } = await work(scope);
      const after = project ? await loadProjectDocuments(tx, project.id) : [];
      const changed = changedDocuments(before, after);
      const issues = validateDocuments(changed);
      if (issues.length > 0) throw validationFailed(issues);
      const publications: Publication[] = [];
      for (const { environment, document } of changed) {
        const version = await bumpEnvironmentVersion(tx, environment.id, now);
        const env = {
          environmentId: environment.id,
          projectKey: project!.key,
          environmentKey: environment.key,
        };
        publications.push({ env, document, version });
      }
      const actor = request.actor;
      for (const record of records) {
        await insertAuditEntry(tx, record, {
          at: now,
          actorId: actor.id,
          actorName: actor.name,
          requestId: request.requestId,
        });
      }
      const remaining = new Set(after.map((d) => d.environment.id));
      const removed = before.map((d) => d.environment.id).filter((id) => !remaining.has(id));
      // Inside the transaction, so other replicas hear of the change exactly when it commits.
      await this.deps.announce?.(tx, project ? { id: project.id, key: project.key } : null);
      return { result, publications, removed };
    });
    this.publish(publications);
    for (const id of removed) this.deps.registry.remove(id);
    if (removed.length > 0) this.deps.onEnvironmentsRemoved?.(removed);
    this.deps.log.info(
      {
        reqId: request.requestId,
        actor: request.actor.id,
        actions: records.map((r) => `${r.action} ${r.resource}`),
        versions: Object.fromEntries(publications.map((p) => [p.env.environmentKey, p.version])),
      },
      'change committed',
    );
    return result;
  }

  private publish(publications: Publication[]): void {
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

function changedDocuments(
  before: EnvironmentDocument[],
  after: EnvironmentDocument[],
): EnvironmentDocument[] {
  const previous = new Map(before.map((d) => [d.environment.id, canonicalJson(d.document)]));
  return after.filter((d) => previous.get(d.environment.id) !== canonicalJson(d.document));
}
