import type { MetricSnapshot, VariantMetrics } from '@switchyard/rollout';
import type { Queryable } from '../storage/database.js';
import { latencyBounds } from '../telemetry/latency-buckets.js';
import type { VariantMetricStore } from '../telemetry/variant-metric-store.js';
import type { VariantSummary } from '../telemetry/variant-summary.js';
import { fillPlaceholders, type PrometheusClient } from './prometheus-query.js';
import type { ActiveRollout } from './rollout-store.js';

/**
 * What a rollout's guardrails read for its current step: the SDKs' per-variant request outcomes
 * that arrived since the step started, and the plan's Prometheus queries, evaluated per variant.
 */
export function rolloutMetricSource(deps: {
  db: Queryable;
  variantMetrics: (db: Queryable) => VariantMetricStore;
  prometheus: PrometheusClient | undefined;
}) {
  return async function snapshot(rollout: ActiveRollout): Promise<MetricSnapshot> {
    const { variant, control } = rollout.plan;
    const since = Math.floor(rollout.state.stepStartedAt / 1000);
    const sums = await deps
      .variantMetrics(deps.db)
      .sum(rollout.environmentId, rollout.flagKey, [variant, control], since);
    const variants: Record<string, VariantMetrics> = {};
    const queries = rollout.plan.guardrails.flatMap((g) => ('prometheus' in g ? [g.prometheus] : []));
    for (const name of new Set([variant, control])) {
      const metrics: VariantMetrics = toVariantMetrics(sums[name]);
      if (queries.length > 0 && deps.prometheus) {
        const prometheus: Record<string, number> = {};
        for (const query of queries) {
          const filled = fillPlaceholders(query, {
            flag: rollout.flagKey,
            variant: name,
            environment: rollout.environmentKey,
            project: rollout.projectKey,
          });
          const value = await deps.prometheus.value(filled);
          if (value !== undefined) prometheus[query] = value;
        }
        variants[name] = { ...metrics, prometheus };
      } else {
        variants[name] = metrics;
      }
    }
    return { variants };
  };
}

function toVariantMetrics(summary: VariantSummary | undefined): VariantMetrics {
  if (!summary || summary.n === 0) return { n: 0, errors: 0 };
  return {
    n: summary.n,
    errors: summary.errors,
    latency: {
      sum: summary.latencySum,
      sumSquares: summary.latencySumSquares,
      buckets: latencyBounds.map((le, i) => ({ le, count: summary.buckets[i] ?? 0 })),
    },
  };
}
