import type { RolloutEvent } from '../../api/types.js';

interface GuardrailEvidence {
  index: number;
  metric: string;
  status: string;
  value?: number | null;
  max?: number;
  min?: number;
}

interface VariantEvidence {
  variant: string;
  errorRate: number | null;
  latency: { p50: number | null; p95: number | null; p99: number | null; mean: number | null };
  prometheus: Record<string, number>;
}

export interface GuardrailSeries {
  metric: string;
  /** Seconds of each decision that judged it. */
  times: number[];
  /** Variant → its value at each decision (null when not measured yet). */
  variants: Map<string, (number | null)[]>;
  max: number | null;
  min: number | null;
  statuses: string[];
}

function variantValue(v: VariantEvidence, metric: string): number | null {
  if (metric === 'error-rate') return v.errorRate;
  if (metric.startsWith('latency-'))
    return v.latency[metric.slice(8) as keyof VariantEvidence['latency']] ?? null;
  return v.prometheus[metric] ?? null;
}

/** Per guardrail, each variant's value at every decision that carried evidence, with its threshold. */
export function guardrailSeries(timeline: readonly RolloutEvent[]): GuardrailSeries[] {
  const byIndex = new Map<number, GuardrailSeries>();
  for (const event of timeline) {
    const evidence = event.evidence as {
      guardrails?: GuardrailEvidence[];
      variants?: VariantEvidence[];
    } | null;
    if (!evidence?.guardrails) continue;
    const at = Date.parse(event.at) / 1000;
    for (const g of evidence.guardrails) {
      let series = byIndex.get(g.index);
      if (!series) {
        series = {
          metric: g.metric,
          times: [],
          variants: new Map(),
          max: g.max ?? null,
          min: g.min ?? null,
          statuses: [],
        };
        byIndex.set(g.index, series);
      }
      const position = series.times.length;
      series.times.push(at);
      series.statuses.push(g.status);
      for (const v of evidence.variants ?? []) {
        const values = series.variants.get(v.variant) ?? Array(position).fill(null);
        values.push(variantValue(v, g.metric));
        series.variants.set(v.variant, values);
      }
      for (const values of series.variants.values())
        while (values.length < series.times.length) values.push(null);
    }
  }
  return [...byIndex.values()];
}
