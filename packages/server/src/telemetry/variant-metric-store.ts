import { sql } from 'kysely';
import type { Queryable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';
import { addSummary, emptySummary, type VariantSummary } from './variant-summary.js';

export interface VariantMetricRow {
  environmentId: string;
  flagKey: string;
  variant: string;
  /** Epoch second the summaries arrived in. */
  second: number;
  summary: VariantSummary;
}

export interface VariantMetricStore {
  /** Rows of one replica (`source`); each (flag, variant, second) is written once per replica. */
  insert(source: string, rows: readonly VariantMetricRow[]): Promise<void>;
  /** The sum per variant of what arrived at or after `sinceSecond`. Variants without data are absent. */
  sum(
    environmentId: string,
    flagKey: string,
    variants: readonly string[],
    sinceSecond: number,
  ): Promise<Record<string, VariantSummary>>;
  /** Requests and errors of every variant of a flag that arrived in [fromSecond, toSecond). */
  totals(
    environmentId: string,
    flagKey: string,
    fromSecond: number,
    toSecond: number,
  ): Promise<{ n: number; errors: number }>;
  /**
   * Requests and errors per variant in each `stepSeconds`-long bucket of [fromSecond, toSecond),
   * bucket 0 starting at `fromSecond`. Buckets and variants without data are absent.
   */
  series(
    environmentId: string,
    flagKey: string,
    window: { fromSecond: number; toSecond: number; stepSeconds: number },
  ): Promise<{ bucket: number; variant: string; n: number; errors: number }[]>;
  /** Drops what arrived before `second` (older data decides nothing). */
  deleteBefore(second: number): Promise<number>;
}

export function variantMetricStore(db: Queryable): VariantMetricStore {
  return {
    async insert(source, rows) {
      // Batched: one statement per 200 rows keeps within every driver's parameter limit.
      for (let i = 0; i < rows.length; i += 200) {
        await db
          .insertInto('variant_metrics')
          .values(
            rows.slice(i, i + 200).map((row) => ({
              environment_id: row.environmentId,
              flag_key: row.flagKey,
              variant: row.variant,
              second: row.second,
              source,
              n: row.summary.n,
              errors: row.summary.errors,
              latency_sum: row.summary.latencySum,
              latency_sum_squares: row.summary.latencySumSquares,
              latency_buckets: toJsonColumn(row.summary.buckets),
            })),
          )
          .execute();
      }
    },
    async sum(environmentId, flagKey, variants, sinceSecond) {
      if (variants.length === 0) return {};
      const rows = await db
        .selectFrom('variant_metrics')
        .selectAll()
        .where('environment_id', '=', environmentId)
        .where('flag_key', '=', flagKey)
        .where('variant', 'in', [...variants])
        .where('second', '>=', sinceSecond)
        .execute();
      const sums: Record<string, VariantSummary> = Object.create(null);
      for (const row of rows) {
        sums[row.variant] ??= emptySummary();
        addSummary(sums[row.variant]!, {
          n: Number(row.n),
          errors: Number(row.errors),
          latencySum: Number(row.latency_sum),
          latencySumSquares: Number(row.latency_sum_squares),
          buckets: fromJsonColumn<number[]>(row.latency_buckets),
        });
      }
      return sums;
    },
    async totals(environmentId, flagKey, fromSecond, toSecond) {
      const row = await db
        .selectFrom('variant_metrics')
        .select((eb) => [
          eb.fn.sum<string | number | null>('n').as('n'),
          eb.fn.sum<string | number | null>('errors').as('errors'),
        ])
        .where('environment_id', '=', environmentId)
        .where('flag_key', '=', flagKey)
        .where('second', '>=', fromSecond)
        .where('second', '<', toSecond)
        .executeTakeFirst();
      return { n: Number(row?.n ?? 0), errors: Number(row?.errors ?? 0) };
    },
    async series(environmentId, flagKey, { fromSecond, toSecond, stepSeconds }) {
      // Literals, not parameters: the grouped expression must read the same in select and group by.
      const bucket = sql<number>`(second - ${sql.lit(Math.trunc(fromSecond))}) / ${sql.lit(Math.trunc(stepSeconds))}`;
      const rows = await db
        .selectFrom('variant_metrics')
        .select((eb) => [
          bucket.as('bucket'),
          'variant',
          eb.fn.sum<string | number>('n').as('n'),
          eb.fn.sum<string | number>('errors').as('errors'),
        ])
        .where('environment_id', '=', environmentId)
        .where('flag_key', '=', flagKey)
        .where('second', '>=', fromSecond)
        .where('second', '<', toSecond)
        .groupBy([bucket, 'variant'])
        .orderBy(bucket)
        .orderBy('variant')
        .execute();
      return rows.map((row) => ({
        bucket: Number(row.bucket),
        variant: row.variant,
        n: Number(row.n),
        errors: Number(row.errors),
      }));
    },
    async deleteBefore(second) {
      const result = await db.deleteFrom('variant_metrics').where('second', '<', second).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
