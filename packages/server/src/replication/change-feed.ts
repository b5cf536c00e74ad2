import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { CommittedChange, ProjectRef } from '../commands/change-unit.js';
import type { EnvironmentDocuments } from '../flag-set-documents/environment-documents.js';
import type { FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import type { InMemorySdkKeyAuthenticator } from '../sdk/access/sdk-key-authenticator.js';
import type { Db } from '../storage/database.js';
import type { Tx } from '../storage/transaction.js';

/**
 * NOTIFY channels are database-wide, while a deployment lives in one schema (its search_path):
 * the channel is named after the schema, so deployments sharing a database never hear each other.
 */
const channelExpression = `'switchyard_changes_' || md5(coalesce(current_schema(), ''))`;

interface ChangeMessage {
  origin: string;
  project: ProjectRef | null;
  /** What the commit did, for the change streams of the other replicas (audit states left out). */
  change?: CommittedChange;
}

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;

/**
 * The message for a commit: its audit records without their before/after states; a change too large
 * for one NOTIFY (a big import) is summed up as one change of its project, which a dashboard reloads.
 */
export function changeMessage(origin: string, project: ProjectRef | null, change: CommittedChange): string {
  const records = change.records.map(({ before: _b, after: _a, ...record }) => ({
    ...record,
    before: null,
    after: null,
  }));
  const full = JSON.stringify({ origin, project, change: { ...change, records } } satisfies ChangeMessage);
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  if (project === null) return JSON.stringify({ origin, project } satisfies ChangeMessage);
  const summary: CommittedChange = {
    ...change,
    records: [
      {
        action: change.action,
        resourceType: 'project',
        resource: `projects/${project.key}`,
        projectKey: project.key,
        before: null,
        after: null,
      },
    ],
    versions: [],
  };
  return JSON.stringify({ origin, project, change: summary } satisfies ChangeMessage);
}

export interface ChangeFeedLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/**
 * Keeps replicas sharing one PostgreSQL database in step: every commit NOTIFYs (inside its
 * transaction, so the message is delivered exactly when the change commits), and every replica
 * LISTENs, rebuilding the changed project's flag sets and reloading SDK keys. Each replica still
 * evaluates from memory; after a lost connection it resynchronises everything.
 */
export class ChangeFeed {
  readonly origin = randomUUID();
  #client: pg.Client | undefined;
  #closed = false;
  #queue: Promise<void> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  #log: ChangeFeedLog = { info() {}, warn() {} };

  constructor(
    private readonly deps: {
      url: string;
      db: Db;
      registry: FlagSetRegistry;
      documents: EnvironmentDocuments;
      sdkKeys: InMemorySdkKeyAuthenticator;
      /** Told of each change another replica committed, once this replica has applied it. */
      onChange?: (change: CommittedChange) => void;
      retryMs?: number;
    },
  ) {}

  /** For the change unit: announces a commit to the other replicas. */
  readonly announce = async (tx: Tx, project: ProjectRef | null, change: CommittedChange): Promise<void> => {
    const message = changeMessage(this.origin, project, change);
    await sql`select pg_notify(${sql.raw(channelExpression)}, ${message})`.execute(tx);
  };

  async start(log?: ChangeFeedLog): Promise<void> {
    if (log) this.#log = log;
    const client = new pg.Client({ connectionString: this.deps.url });
    let channel: string | undefined;
    client.on('notification', (notification) => {
      if (notification.channel === channel && notification.payload) this.#enqueue(notification.payload);
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('connection ended')));
    try {
      await client.connect();
      channel = (await client.query<{ channel: string }>(`select ${channelExpression} as channel`)).rows[0]
        ?.channel;
      // An md5-based name: a plain identifier, safe to quote as is.
      await client.query(`listen "${channel}"`);
    } catch (error) {
      // A connection that cannot listen is no use: end it before the caller retries, or each retry leaks one.
      client.removeAllListeners();
      await client.end().catch(() => {});
      throw error;
    }
    this.#client = client;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#client?.end().catch(() => {});
    await this.#queue;
  }

  #enqueue(payload: string): void {
    this.#queue = this.#queue
      .then(() => this.#apply(payload))
      .catch((error: unknown) => {
        this.#log.warn({ err: error }, 'applying a change from another replica failed; resynchronising');
        return this.#resync().catch((err: unknown) => this.#log.warn({ err }, 'resynchronising failed'));
      });
  }

  async #apply(payload: string): Promise<void> {
    const message = JSON.parse(payload) as ChangeMessage;
    if (message.origin === this.origin) return;
    if (message.project) await this.#refreshProject(message.project);
    await this.deps.sdkKeys.reload(this.deps.db);
    if (message.change) this.deps.onChange?.(message.change);
  }

  async #refreshProject(project: ProjectRef): Promise<void> {
    const { db, registry, documents } = this.deps;
    // Only what was published before the read may be dropped: an environment this replica creates
    // while the read runs is not in the read, and must stay.
    const before = [...registry.all()]
      .filter((published) => published.env.projectKey === project.key)
      .map((published) => published.env.environmentId);
    const present = new Set<string>();
    for (const { environment, document } of await documents.loadConsistently(db, project.id)) {
      present.add(environment.id);
      const env = { environmentId: environment.id, projectKey: project.key, environmentKey: environment.key };
      registry.publish(env, document, environment.version);
    }
    for (const id of before) if (!present.has(id)) registry.remove(id);
  }

  /** Makes the registry what storage holds, including environments deleted while we were not listening. */
  async #resync(): Promise<void> {
    const { db, registry } = this.deps;
    // Only what was published before: an environment this replica creates meanwhile must stay.
    const known = [...registry.all()].map((published) => published.env.environmentId);
    const present = await this.deps.documents.publishAll(db, registry);
    for (const id of known) if (!present.has(id)) registry.remove(id);
    await this.deps.sdkKeys.reload(db);
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    this.#log.warn({ err: error }, 'lost the change feed connection; reconnecting');
    const reconnect = () => {
      if (this.#closed) return;
      this.start().then(
        // Queued behind the changes already heard, so that no refresh runs alongside it.
        () => {
          this.#queue = this.#queue
            .then(() => this.#resync())
            .catch((err: unknown) => this.#log.warn({ err }, 'resynchronising failed'));
        },
        (err: unknown) => {
          this.#log.warn({ err }, 'change feed reconnect failed; retrying');
          this.#retry = setTimeout(reconnect, this.deps.retryMs ?? 1000);
        },
      );
    };
    this.#retry = setTimeout(reconnect, this.deps.retryMs ?? 1000);
  }
}
