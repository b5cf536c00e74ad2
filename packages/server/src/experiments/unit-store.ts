import { sql } from 'kysely';
import type { DialectName, Queryable } from '../storage/database.js';
import type { EventMeasure, MetricDefinition } from './metric-definition.js';

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
  /** Each unit keeps its first exposure; one exposed to another variant becomes conflicted. */
  addExposures(experimentId: number, rows: readonly ExposureRow[]): Promise<void>;
  /** The assignment of each of `units` that has one. */
  assignments(experimentId: number, units: readonly string[]): Promise<Map<string, Assignment>>;
  addEventTotals(experimentId: number, rows: readonly EventTotalRow[]): Promise<void>;
  variantUnits(experimentId: number): Promise<VariantUnits[]>;
  metricSums(experimentId: number, metric: MetricDefinition): Promise<MetricSums[]>;
}

/**
 * Batches travel as one JSON parameter and are unpacked by the database (`json_each` in SQLite,
 * `jsonb_to_recordset` in PostgreSQL): one statement per batch whatever its size, and no limit on
 * bound parameters. PostgreSQL takes the rows in key order, so that replicas writing the same units
 * lock them in the same order.
 */
export function unitStore(db: Queryable, dialect: DialectName): UnitStore {
  const postgres = dialect === 'postgres';
  /** The rows of a JSON array of objects with these typed fields, and how to read a field. */
  const rowsOf = (batch: string, fields: Record<string, string>, orderBy: string) =>
    postgres
      ? sql`jsonb_to_recordset(${batch}::jsonb) as x(${sql.raw(
          Object.entries(fields)
            .map(([name, type]) => `${name} ${type}`)
            .join(', '),
        )}) order by ${sql.raw(orderBy)}`
      : sql`json_each(${batch}) where true`;
  const field = (name: string) => sql.raw(postgres ? `x.${name}` : `json_extract(value, '$.${name}')`);
  const float = sql.raw(postgres ? '::float8' : '');
  return {
    async addExposures(experimentId, rows) {
      if (rows.length === 0) return;
      const batch = JSON.stringify(
        rows.map((r) => ({ unit: r.unit, variant: r.variant, at: r.at, conflicted: r.conflicted ? 1 : 0 })),
      );
      const source = rowsOf(
        batch,
        { unit: 'text', variant: 'text', at: 'bigint', conflicted: 'smallint' },
        'x.unit',
      );
      await sql`insert into experiment_units (experiment_id, unit, variant, exposed_at, conflicted)
        select ${experimentId}, ${field('unit')}, ${field('variant')}, ${field('at')}, ${field('conflicted')}
        from ${source}
        on conflict (experiment_id, unit) do update set
          conflicted = case when experiment_units.conflicted = 1 or excluded.conflicted = 1
            or experiment_units.variant <> excluded.variant then 1 else 0 end,
          exposed_at = ${sql.raw(postgres ? 'least' : 'min')}(experiment_units.exposed_at, excluded.exposed_at)`.execute(
        db,
      );
    },
    async assignments(experimentId, units) {
      const found = new Map<string, Assignment>();
      if (units.length === 0) return found;
      const batch = JSON.stringify(units);
      const list = postgres
        ? sql`select jsonb_array_elements_text(${batch}::jsonb)`
        : sql`select value from json_each(${batch})`;
      const { rows } = await sql<{
        unit: string;
        variant: string;
        exposed_at: number | string;
        conflicted: number;
      }>`select unit, variant, exposed_at, conflicted from experiment_units
        where experiment_id = ${experimentId} and unit in (${list})`.execute(db);
      for (const row of rows) {
        found.set(row.unit, {
          variant: row.variant,
          exposedAt: Number(row.exposed_at),
          conflicted: Number(row.conflicted) === 1,
        });
      }
      return found;
    },
    async addEventTotals(experimentId, rows) {
      if (rows.length === 0) return;
      const batch = JSON.stringify(
        rows.map((r) => ({ unit: r.unit, event: r.event, count: r.count, sum: r.valueSum })),
      );
      const source = rowsOf(
        batch,
        { unit: 'text', event: 'text', count: 'bigint', sum: 'double precision' },
        'x.unit, x.event',
      );
      await sql`insert into experiment_unit_events (experiment_id, unit, event, count, value_sum)
        select ${experimentId}, ${field('unit')}, ${field('event')}, ${field('count')}, ${field('sum')}
        from ${source}
        on conflict (experiment_id, unit, event) do update set
          count = experiment_unit_events.count + excluded.count,
          value_sum = experiment_unit_events.value_sum + excluded.value_sum`.execute(db);
    },
    async variantUnits(experimentId) {
      const { rows } = await sql<{ variant: string; units: number | string; conflicted: number | string }>`
        select variant, sum(1 - conflicted)${float} as units, sum(conflicted)${float} as conflicted
        from experiment_units where experiment_id = ${experimentId} group by variant`.execute(db);
      return rows.map((r) => ({
        variant: r.variant,
        units: Number(r.units),
        conflicted: Number(r.conflicted),
      }));
    },
    async metricSums(experimentId, metric) {
      const x = measure('e_x', metric.numerator, metric.type === 'conversion');
      const y = metric.denominator ? measure('e_y', metric.denominator, false) : sql.raw('1');
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
        ) per_unit group by variant`.execute(db);
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

/** A unit's value of an event measure; a conversion is 1 once the unit sent the event at all. */
function measure(alias: string, of: EventMeasure, conversion: boolean) {
  if (conversion) return sql.raw(`(case when ${alias}.count > 0 then 1 else 0 end)`);
  return sql.raw(of.of === 'count' ? `coalesce(${alias}.count, 0)` : `coalesce(${alias}.value_sum, 0)`);
}
