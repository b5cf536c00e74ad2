import type { IntegrationAlertTable, Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

export type AlertStatus = 'firing' | 'resolved';
/** What the server did about an alert: rolled a rollout back, killed the flag, or recorded a resolution. */
export type AlertAction = 'rolled-back' | 'killed' | 'recorded';

/** An Alertmanager alert about a flag, as the server handled it (once per firing episode and status). */
export interface AlertRecord {
  fingerprint: string;
  startsAt: string;
  status: AlertStatus;
  receivedAt: string;
  alertname: string;
  project: string;
  environment: string;
  flag: string;
  action: AlertAction;
  rollout: string | null;
  message: string;
  actor: string;
  requestId: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string | null;
}

export interface AlertFilter {
  /** null: every project. */
  projects: readonly string[] | null;
  project?: string | undefined;
  environment?: string | undefined;
  flag?: string | undefined;
  limit: number;
}

export interface AlertStore {
  find(fingerprint: string, startsAt: string, status: AlertStatus): Promise<AlertRecord | undefined>;
  /**
   * Records the alert unless it is recorded already (same fingerprint, start and status); whether it
   * was. Inside a change's transaction it commits with the change: a concurrent request that
   * records the same alert waits for it and then records nothing.
   */
  claim(record: AlertRecord): Promise<boolean>;
  /** Newest first. */
  list(filter: AlertFilter): Promise<AlertRecord[]>;
}

function toRecord(row: IntegrationAlertTable): AlertRecord {
  return {
    fingerprint: row.fingerprint,
    startsAt: row.starts_at,
    status: row.status as AlertStatus,
    receivedAt: row.received_at,
    alertname: row.alertname,
    project: row.project_key,
    environment: row.environment_key,
    flag: row.flag_key,
    action: row.outcome as AlertAction,
    rollout: row.rollout_id,
    message: row.message,
    actor: row.actor,
    requestId: row.request_id,
    labels: fromJsonColumn<Record<string, string>>(row.labels),
    annotations: fromJsonColumn<Record<string, string>>(row.annotations),
    generatorURL: row.generator_url,
  };
}

export function alertStore(db: Queryable): AlertStore {
  return {
    async find(fingerprint, startsAt, status) {
      const row = await db
        .selectFrom('integration_alerts')
        .selectAll()
        .where('fingerprint', '=', fingerprint)
        .where('starts_at', '=', startsAt)
        .where('status', '=', status)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async claim(record) {
      const inserted = await db
        .insertInto('integration_alerts')
        .values({
          fingerprint: record.fingerprint,
          starts_at: record.startsAt,
          status: record.status,
          received_at: record.receivedAt,
          alertname: record.alertname,
          project_key: record.project,
          environment_key: record.environment,
          flag_key: record.flag,
          outcome: record.action,
          rollout_id: record.rollout,
          message: record.message,
          actor: record.actor,
          request_id: record.requestId,
          labels: toJsonColumn(record.labels),
          annotations: toJsonColumn(record.annotations),
          generator_url: record.generatorURL,
        })
        .onConflict((conflict) => conflict.columns(['fingerprint', 'starts_at', 'status']).doNothing())
        .returning('fingerprint')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async list(filter) {
      if (filter.projects !== null && filter.projects.length === 0) return [];
      let query = db.selectFrom('integration_alerts').selectAll();
      if (filter.projects !== null) query = query.where('project_key', 'in', [...filter.projects]);
      if (filter.project !== undefined) query = query.where('project_key', '=', filter.project);
      if (filter.environment !== undefined) query = query.where('environment_key', '=', filter.environment);
      if (filter.flag !== undefined) query = query.where('flag_key', '=', filter.flag);
      const rows = await query
        .orderBy('received_at', 'desc')
        .orderBy('fingerprint')
        .limit(filter.limit)
        .execute();
      return rows.map(toRecord);
    },
  };
}
