import type SqliteDatabase from 'better-sqlite3';
import type { UnitState } from './unit-ledger.js';
import type { EventTotalRow, ExposureRow } from './unit-store.js';

export type SqliteConnection = SqliteDatabase.Database;

/**
 * The bulk writes of a flush on SQLite, as prepared statements run row by row on the connection
 * (inside the transaction the caller opened on it): about twice as fast as unpacking one JSON
 * parameter, and faster still with rows in key order, which keeps B-tree inserts local.
 */
export interface SqliteUnitWrites {
  insertNew(experimentId: number, rows: readonly ExposureRow[]): Set<string>;
  writeUnits(experimentId: number, units: ReadonlyMap<string, UnitState>): void;
  writeTotals(experimentId: number, rows: readonly EventTotalRow[]): void;
}

const prepared = new WeakMap<SqliteConnection, SqliteUnitWrites>();

export function sqliteUnitWrites(connection: SqliteConnection): SqliteUnitWrites {
  let writes = prepared.get(connection);
  if (!writes) {
    writes = prepare(connection);
    prepared.set(connection, writes);
  }
  return writes;
}

function prepare(connection: SqliteConnection): SqliteUnitWrites {
  const insertUnit = connection.prepare(
    `insert into experiment_units (experiment_id, unit, variant, exposed_at, conflicted)
     values (?, ?, ?, ?, ?) on conflict (experiment_id, unit) do nothing`,
  );
  const upsertUnit = connection.prepare(
    `insert into experiment_units (experiment_id, unit, variant, exposed_at, conflicted)
     values (?, ?, ?, ?, ?) on conflict (experiment_id, unit) do update set
       variant = excluded.variant, exposed_at = excluded.exposed_at, conflicted = excluded.conflicted`,
  );
  const upsertTotals = connection.prepare(
    `insert into experiment_unit_events (experiment_id, unit, event, count, value_sum)
     values (?, ?, ?, ?, ?) on conflict (experiment_id, unit, event) do update set
       count = excluded.count, value_sum = excluded.value_sum`,
  );
  return {
    insertNew(experimentId, rows) {
      const inserted = new Set<string>();
      for (const row of [...rows].sort(byUnit)) {
        const { changes } = insertUnit.run(
          experimentId,
          row.unit,
          row.variant,
          row.at,
          row.conflicted ? 1 : 0,
        );
        if (changes === 1) inserted.add(row.unit);
      }
      return inserted;
    },
    writeUnits(experimentId, units) {
      for (const unit of [...units.keys()].sort()) {
        const state = units.get(unit)!;
        upsertUnit.run(experimentId, unit, state.variant, state.exposedAt, state.conflicted ? 1 : 0);
      }
    },
    writeTotals(experimentId, rows) {
      for (const row of [...rows].sort(byUnit)) {
        upsertTotals.run(experimentId, row.unit, row.event, row.count, row.valueSum);
      }
    },
  };
}

function byUnit(a: { unit: string }, b: { unit: string }): number {
  return a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0;
}
