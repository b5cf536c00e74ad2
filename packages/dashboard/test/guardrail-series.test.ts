import { describe, expect, it } from 'vitest';
import type { RolloutEvent } from '../src/api/types.js';
import { guardrailSeries } from '../src/screens/rollouts/guardrail-series.js';

function event(at: string, evidence: unknown): RolloutEvent {
  return {
    at,
    action: 'hold',
    reason: '',
    step: 0,
    weight: 5,
    rings: [],
    actor: 'rollout controller',
    evidence,
  };
}

const variant = (name: string, errorRate: number | null, p95: number | null) => ({
  variant: name,
  n: 100,
  errors: 0,
  errorRate,
  latency: { p50: null, p95, p99: null, mean: null },
  prometheus: { 'rate(x[1m])': 3 },
});

describe('guardrail series for the rollout timeline', () => {
  it('gives each guardrail every variant’s value at each decision, with its threshold', () => {
    const series = guardrailSeries([
      event('2026-11-30T10:00:00.000Z', null),
      event('2026-11-30T10:10:00.000Z', {
        variants: [variant('on', 0.01, 120), variant('off', 0.02, 100)],
        guardrails: [
          { index: 0, metric: 'error-rate', status: 'ok', value: 0.01, max: 0.05 },
          { index: 1, metric: 'latency-p95', status: 'ok', value: 120, max: 300 },
        ],
      }),
      event('2026-11-30T10:20:00.000Z', {
        variants: [variant('on', 0.09, null), variant('off', 0.02, 110)],
        guardrails: [
          { index: 0, metric: 'error-rate', status: 'breached', value: 0.09, max: 0.05 },
          { index: 1, metric: 'latency-p95', status: 'insufficient-data', value: null, max: 300 },
        ],
      }),
    ]);
    expect(series).toHaveLength(2);
    const [errors, latency] = series;
    expect(errors!.metric).toBe('error-rate');
    expect(errors!.times).toEqual([
      Date.parse('2026-11-30T10:10:00.000Z') / 1000,
      Date.parse('2026-11-30T10:20:00.000Z') / 1000,
    ]);
    expect(Object.fromEntries(errors!.variants)).toEqual({ on: [0.01, 0.09], off: [0.02, 0.02] });
    expect(errors!.max).toBe(0.05);
    expect(errors!.statuses).toEqual(['ok', 'breached']);
    expect(Object.fromEntries(latency!.variants)).toEqual({ on: [120, null], off: [100, 110] });
  });

  it('reads Prometheus guardrails from each variant’s query results', () => {
    const [prom] = guardrailSeries([
      event('2026-11-30T10:00:00.000Z', {
        variants: [variant('on', 0, 1)],
        guardrails: [{ index: 0, metric: 'rate(x[1m])', status: 'ok', value: 3, min: 1 }],
      }),
    ]);
    expect(Object.fromEntries(prom!.variants)).toEqual({ on: [3] });
    expect(prom!.min).toBe(1);
    expect(prom!.max).toBeNull();
  });
});
