import { sql } from 'kysely';
import type { DialectName, Queryable } from '../storage/database.js';
import type { EventMeasure, MetricDefinition } from './metric-definition.js';
import { type SqliteConnection, sqliteUnitWrites } from './sqlite-unit-writes.js';
import type { EventTotals, SumsDelta, UnitState, UnitsDelta } from './unit-ledger.js';

/** A unit's exposure as a flush writes it: its earliest in the batch, conflicted if it saw two variants. */
export interface ExposureRow {
  unit: string;
  variant: string;
  at: number;
  conflicted: boolean;
}

export interface Assignment {
  variant: string;
  exposedAt: number;
  conflicted: boolean;
}

/** What one flush adds to a unit's totals of one event. */
export interface EventTotalRow {
  unit: string;
  event: string;
  count: number;
  valueSum: number;
}

export interface VariantUnits {
  variant: string;
  /** Units counted (exposed to this variant only). */
  units: number;
  /** Units first exposed to this variant that later saw another one (excluded). */
  conflicted: number;
}

/** Per-variant sums over units of a metric's per-unit value X (and Y, the denominator of a ratio). */
export interface MetricSums {
  variant: string;
  n: number;
  sum: number;
  sumSquares: number;
  denominatorSum: number;
  denominatorSumSquares: number;
  crossSum: number;
}

export interface UnitStore {
  /** Inserts the units not stored yet; returns those it inserted. */
  insertNew(experimentId: number, rows: readonly ExposureRow[]): Promise<Set<string>>;
  /** The stored state of each of `units` that exists, locked until the transaction ends (PostgreSQL). */
  lock(experimentId: number, units: readonly string[]): Promise<Map<string, UnitState>>;
  /** The event totals of `units`: unit → event → totals. */
  eventTotals(experimentId: number, units: readonly string[]): Promise<Map<string, Map<string, EventTotals>>>;
  writeUnits(experimentId: number, units: ReadonlyMap<string, UnitState>): Promise<void>;
  writeTotals(experimentId: number, rows: readonly EventTotalRow[]): Promise<void>;
  addSums(experimentId: number, deltas: readonly SumsDelta[]): Promise<void>;
  addVariantCounts(experimentId: number, deltas: readonly UnitsDelta[]): Promise<void>;
  /** The maintained sums, by metric key. */
  sums(experimentId: number): Promise<Map<string, MetricSums[]>>;
  variantUnits(experimentId: number): Promise<VariantUnits[]>;
  /** The same figures counted again from the per-unit rows (a check on the maintained ones). */
  recountSums(experimentId: number, metric: MetricDefinition): Promise<MetricSums[]>;
  recountUnits(experimentId: number): Promise<VariantUnits[]>;
}

/**
 * A batch travels in one statement whatever its size, and with no limit on bound parameters: as
 * one array per column in PostgreSQL (`unnest`, several times cheaper to unpack than JSON), as one
 * JSON text in SQLite (`json_each`). PostgreSQL takes rows in key order, so that replicas writing
 * the same units lock them in the same order.
 */
export function unitStore(db: Queryable, dialect: DialectName, sqlite?: SqliteConnection): UnitStore {
  const postgres = dialect === 'postgres';
  // On SQLite's own connection, the bulk writes run as prepared statements (sqlite-unit-writes.ts).
  const direct = !postgres && sqlite ? sqliteUnitWrites(sqlite) : undefined;
  /** The rows of a batch with these typed fields, as a `from` source. */
  const rowsOf = <R extends object>(
    rows: readonly R[],
    fields: { [K in keyof R]?: string },
    orderBy: string,
  ) => {
    if (!postgres) return sql`json_each(${JSON.stringify(rows)}) where true`;
    const names = Object.keys(fields) as (keyof R & string)[];
    const columns = names.map(
      (name) => sql`${rows.map((row) => row[name])}::${sql.raw(`${fields[name]}[]`)}`,
    );
    const aliases = names.map((name) => `"${name}"`).join(', ');
    return sql`unnest(${sql.join(columns)}) as x(${sql.raw(aliases)}) order by ${sql.raw(orderBy)}`;
  };
  const field = (name: string) => sql.raw(postgres ? `x."${name}"` : `json_extract(value, '$.${name}')`);
  const unitList = (units: readonly string[]) =>
    postgres
      ? sql`select unnest(${units}::text[])`
      : sql`select value from json_each(${JSON.stringify(units)})`;
  const float = sql.raw(postgres ? '::float8' : '');
  const unitRows = (rows: Iterable<[string, { variant: string; at: number; conflicted: boolean }]>) =>
    [...rows].map(([unit, r]) => ({
      unit,
      variant: r.variant,
      at: r.at,
      conflicted: r.conflicted ? 1 : 0,
    }));
  const unitFields = { unit: 'text', variant: 'text', at: 'bigint', conflicted: 'smallint' };
  return {
    async insertNew(experimentId, rows) {
      if (rows.length === 0) return new Set();
      if (direct) return direct.insertNew(experimentId, rows);
      const batch = unitRows(rows.map((r) => [r.unit, r]));
      const { rows: inserted } = await sql<{ unit: string }>`
        insert into experiment_units (experiment_id, unit, variant, exposed_at, conflicted)
        select ${experimentId}, ${field('unit')}, ${field('variant')}, ${field('at')}, ${field('conflicted')}
        from ${rowsOf(batch, unitFields, 'x.unit')}
        on conflict (experiment_id, unit) do nothing returning unit`.execute(db);
      return new Set(inserted.map((r) => r.unit));
    },
    async lock(experimentId, units) {
      const found = new Map<string, UnitState>();
      if (units.length === 0) return found;
      const { rows } = await sql<{
        unit: string;
        variant: string;
        exposed_at: number | string;
        conflicted: number;
      }>`
        select unit, variant, exposed_at, conflicted from experiment_units
        where experiment_id = ${experimentId} and unit in (${unitList(units)})
        order by unit${sql.raw(postgres ? ' for update' : '')}`.execute(db);
      for (const row of rows) {
        found.set(row.unit, {
          variant: row.variant,
          exposedAt: Number(row.exposed_at),
          conflicted: Number(row.conflicted) === 1,
        });
      }
      return found;
    },
    async eventTotals(experimentId, units) {
      const found = new Map<string, Map<string, EventTotals>>();
      if (units.length === 0) return found;
      const { rows } = await sql<{ unit: string; event: string; count: number | string; value_sum: number }>`
        select unit, event, count, value_sum from experiment_unit_events
        where experiment_id = ${experimentId} and unit in (${unitList(units)})`.execute(db);
      for (const row of rows) {
        let events = found.get(row.unit);
        if (!events) {
          events = new Map();
          found.set(row.unit, events);
        }
        events.set(row.event, { count: Number(row.count), valueSum: Number(row.value_sum) });
      }
      return found;
    },
    async writeUnits(experimentId, units) {
      if (units.size === 0) return;
      if (direct) return direct.writeUnits(experimentId, units);
      const batch = unitRows([...units].map(([unit, s]) => [unit, { ...s, at: s.exposedAt }]));
      await sql`insert into experiment_units (experiment_id, unit, variant, exposed_at, conflicted)
        select ${experimentId}, ${field('unit')}, ${field('variant')}, ${field('at')}, ${field('conflicted')}
        from ${rowsOf(batch, unitFields, 'x.unit')}
        on conflict (experiment_id, unit) do update set
          variant = excluded.variant, exposed_at = excluded.exposed_at, conflicted = excluded.conflicted`.execute(
        db,
      );
    },
    async writeTotals(experimentId, rows) {
      if (rows.length === 0) return;
      if (direct) return direct.writeTotals(experimentId, rows);
      const batch = rows.map((r) => ({ unit: r.unit, event: r.event, count: r.count, sum: r.valueSum }));
      const source = rowsOf(
        batch,
        { unit: 'text', event: 'text', count: 'bigint', sum: 'double precision' },
        'x.unit, x.event',
      );
      await sql`insert into experiment_unit_events (experiment_id, unit, event, count, value_sum)
        select ${experimentId}, ${field('unit')}, ${field('event')}, ${field('count')}, ${field('sum')}
        from ${source}
        on conflict (experiment_id, unit, event) do update set
          count = excluded.count, value_sum = excluded.value_sum`.execute(db);
    },
    async addSums(experimentId, deltas) {
      if (deltas.length === 0) return;
      const source = rowsOf(
        deltas,
        {
          metric: 'text',
          variant: 'text',
          n: 'bigint',
          sum: 'double precision',
          sumSquares: 'double precision',
          denominatorSum: 'double precision',
          denominatorSumSquares: 'double precision',
          crossSum: 'double precision',
        },
        'x.metric, x.variant',
      );
      const f = field;
      await sql`insert into experiment_variant_sums
          (experiment_id, metric, variant, n, sum, sum_squares, denominator_sum, denominator_sum_squares, cross_sum)
        select ${experimentId}, ${f('metric')}, ${f('variant')}, ${f('n')}, ${f('sum')}, ${f('sumSquares')},
          ${f('denominatorSum')}, ${f('denominatorSumSquares')}, ${f('crossSum')}
        from ${source}
        on conflict (experiment_id, metric, variant) do update set
          n = experiment_variant_sums.n + excluded.n,
          sum = experiment_variant_sums.sum + excluded.sum,
          sum_squares = experiment_variant_sums.sum_squares + excluded.sum_squares,
          denominator_sum = experiment_variant_sums.denominator_sum + excluded.denominator_sum,
          denominator_sum_squares = experiment_variant_sums.denominator_sum_squares + excluded.denominator_sum_squares,
          cross_sum = experiment_variant_sums.cross_sum + excluded.cross_sum`.execute(db);
    },
    async addVariantCounts(experimentId, deltas) {
      if (deltas.length === 0) return;
      await sql`insert into experiment_variants (experiment_id, variant, units, conflicted)
        select ${experimentId}, ${field('variant')}, ${field('units')}, ${field('conflicted')}
        from ${rowsOf(deltas, { variant: 'text', units: 'bigint', conflicted: 'bigint' }, 'x.variant')}
        on conflict (experiment_id, variant) do update set
          units = experiment_variants.units + excluded.units,
          conflicted = experiment_variants.conflicted + excluded.conflicted`.execute(db);
    },
    async sums(experimentId) {
      const rows = await db
        .selectFrom('experiment_variant_sums')
        .selectAll()
        .where('experiment_id', '=', experimentId)
        .orderBy('metric')
        .orderBy('variant')
        .execute();
      const byMetric = new Map<string, MetricSums[]>();
      for (const r of rows) {
        const list = byMetric.get(r.metric) ?? [];
        list.push({
          variant: r.variant,
          n: Number(r.n),
          sum: Number(r.sum),
          sumSquares: Number(r.sum_squares),
          denominatorSum: Number(r.denominator_sum),
          denominatorSumSquares: Number(r.denominator_sum_squares),
          crossSum: Number(r.cross_sum),
        });
        byMetric.set(r.metric, list);
      }
      return byMetric;
    },
    async variantUnits(experimentId) {
      const rows = await db
        .selectFrom('experiment_variants')
        .selectAll()
        .where('experiment_id', '=', experimentId)
        .orderBy('variant')
        .execute();
      return rows.map((r) => ({
        variant: r.variant,
        units: Number(r.units),
        conflicted: Number(r.conflicted),
      }));
    },
    async recountUnits(experimentId) {
      const { rows } = await sql<{ variant: string; units: number | string; conflicted: number | string }>`
        select variant, sum(1 - conflicted)${float} as units, sum(conflicted)${float} as conflicted
        from experiment_units where experiment_id = ${experimentId} group by variant order by variant`.execute(
        db,
      );
      return rows.map((r) => ({
        variant: r.variant,
        units: Number(r.units),
        conflicted: Number(r.conflicted),
      }));
    },
    async recountSums(experimentId, metric) {
      const x = measure('e_x', metric.numerator, metric.type === 'conversion');
      const y = metric.denominator ? measure('e_y', metric.denominator, false) : sql.raw('0');
      const join = (alias: string, event: string) =>
        sql`left join experiment_unit_events ${sql.raw(alias)} on ${sql.raw(alias)}.experiment_id = u.experiment_id
          and ${sql.raw(alias)}.unit = u.unit and ${sql.raw(alias)}.event = ${event}`;
      const { rows } = await sql<Record<string, number | string>>`
        select variant, count(*)${float} as n, sum(x)${float} as sum, sum(x * x)${float} as sum_squares,
          sum(y)${float} as den_sum, sum(y * y)${float} as den_sum_squares, sum(x * y)${float} as cross_sum
        from (
          select u.variant as variant, ${x} as x, ${y} as y
          from experiment_units u
          ${join('e_x', metric.numerator.event)}
          ${metric.denominator ? join('e_y', metric.denominator.event) : sql``}
          where u.experiment_id = ${experimentId} and u.conflicted = 0
        ) per_unit group by variant order by variant`.execute(db);
      return rows.map((r) => ({
        variant: String(r.variant),
        n: Number(r.n),
        sum: Number(r.sum),
        sumSquares: Number(r.sum_squares),
        denominatorSum: Number(r.den_sum),
        denominatorSumSquares: Number(r.den_sum_squares),
        crossSum: Number(r.cross_sum),
      }));
    },
  };
}

/** A unit's value of an event measure in SQL; a conversion is 1 once the unit sent the event at all. */
function measure(alias: string, of: EventMeasure, conversion: boolean) {
  if (conversion) return sql.raw(`(case when ${alias}.count > 0 then 1 else 0 end)`);
  return sql.raw(of.of === 'count' ? `coalesce(${alias}.count, 0)` : `coalesce(${alias}.value_sum, 0)`);
}
