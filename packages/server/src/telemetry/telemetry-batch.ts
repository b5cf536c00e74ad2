import { type Static, Type } from '@sinclair/typebox';
import type { Issue } from '../kernel/errors.js';
import { latencyBounds } from './latency-buckets.js';
import type { VariantSummary } from './variant-summary.js';

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const NonNegative = Type.Number({ minimum: 0 });

/** What an SDK sends every telemetry interval: per (flag, variant) summaries of request outcomes. */
export const TelemetryBatchSchema = Type.Object(
  {
    sdk: Type.Optional(
      Type.Object(
        { name: Type.String({ maxLength: 200 }), version: Type.String({ maxLength: 100 }) },
        { additionalProperties: false },
      ),
    ),
    intervalStart: Type.Optional(Count),
    intervalEnd: Type.Optional(Count),
    variants: Type.Array(
      Type.Object(
        {
          flag: Type.String({ minLength: 1, maxLength: 200 }),
          variant: Type.String({ minLength: 1, maxLength: 200 }),
          n: Count,
          errors: Count,
          latency: Type.Object(
            {
              sum: NonNegative,
              sumSquares: NonNegative,
              buckets: Type.Array(
                Type.Object(
                  { le: Type.Union([Type.Number(), Type.Literal('+Inf')]), count: Count },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10_000 },
    ),
  },
  { additionalProperties: false },
);

export type TelemetryBatch = Static<typeof TelemetryBatchSchema>;

/** What the schema cannot say: counts that agree with each other, and the agreed histogram bounds. */
export function telemetryIssues(batch: TelemetryBatch): Issue[] {
  const issues: Issue[] = [];
  batch.variants.forEach((entry, index) => {
    const at = `/body/variants/${index}`;
    if (entry.errors > entry.n)
      issues.push({ path: `${at}/errors`, message: `must be at most n (${entry.n})` });
    const { buckets } = entry.latency;
    const bounds = buckets.map((b) => b.le);
    if (bounds.length !== latencyBounds.length || bounds.some((le, i) => le !== latencyBounds[i])) {
      issues.push({
        path: `${at}/latency/buckets`,
        message: `must have the bounds ${latencyBounds.join(', ')} (ms), in that order`,
      });
      return;
    }
    for (let i = 1; i < buckets.length; i++) {
      if (buckets[i]!.count < buckets[i - 1]!.count) {
        issues.push({
          path: `${at}/latency/buckets/${i}/count`,
          message: 'must not decrease: buckets are cumulative',
        });
        return;
      }
    }
    if (buckets.at(-1)!.count !== entry.n) {
      issues.push({
        path: `${at}/latency/buckets/${buckets.length - 1}/count`,
        message: `must equal n (${entry.n})`,
      });
    }
  });
  return issues;
}

export function summaryOf(entry: TelemetryBatch['variants'][number]): VariantSummary {
  return {
    n: entry.n,
    errors: entry.errors,
    latencySum: entry.latency.sum,
    latencySumSquares: entry.latency.sumSquares,
    buckets: entry.latency.buckets.map((b) => b.count),
  };
}
