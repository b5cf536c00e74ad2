import { attribute, type ExperimentBatch, type PendingTrack } from './event-routing.js';
import type { ExperimentDesign } from './experiment-design.js';
import { allMetrics } from './experiment-design.js';
import type { EventMeasure, MetricDefinition } from './metric-definition.js';

/**
 * Per-variant sums are kept up to date as events arrive, so that results read a few rows however
 * many units an experiment has. A flush works out, from the affected units' stored state and the
 * batch, each unit's state after it; every unit's contribution to the sums is taken out as it was
 * and put back as it is (a unit that became excluded is only taken out). Pure: the store reads the
 * state before and writes what this returns.
 */

export interface UnitState {
  variant: string;
  exposedAt: number;
  conflicted: boolean;
}

/** A unit's totals of one event: how many times, and the sum of values. */
export interface EventTotals {
  count: number;
  valueSum: number;
}

/** What one metric's sums change by, in one variant. */
export interface SumsDelta {
  metric: string;
  variant: string;
  n: number;
  sum: number;
  sumSquares: number;
  denominatorSum: number;
  denominatorSumSquares: number;
  crossSum: number;
}

export interface UnitsDelta {
  variant: string;
  units: number;
  conflicted: number;
}

export interface LedgerChanges {
  /** Units whose state changed or that are new (written whole). */
  units: Map<string, UnitState>;
  /** (unit, event) totals that changed, written whole. */
  totals: { unit: string; event: string; count: number; valueSum: number }[];
  sums: SumsDelta[];
  variants: UnitsDelta[];
  retry: PendingTrack[];
  attributed: number;
  discarded: number;
}

const totalsKey = (unit: string, event: string) => `${unit}\u0000${event}`;

/**
 * The changes a batch makes. `before` has the stored state of every affected unit that exists;
 * `totals` their stored event totals (keyed unit\0event).
 */
export function ledgerChanges(input: {
  design: ExperimentDesign;
  batch: ExperimentBatch;
  before: ReadonlyMap<string, UnitState>;
  totals: ReadonlyMap<string, EventTotals>;
  now: number;
  graceMs: number;
}): LedgerChanges {
  const { design, batch, before } = input;
  const after = new Map<string, UnitState>();
  for (const [unit, state] of before) after.set(unit, { ...state });
  for (const exposure of batch.exposures.values()) {
    const known = after.get(exposure.unit);
    if (!known) {
      after.set(exposure.unit, {
        variant: exposure.variant,
        exposedAt: exposure.at,
        conflicted: exposure.conflicted,
      });
      continue;
    }
    if (known.variant !== exposure.variant || exposure.conflicted) known.conflicted = true;
    if (exposure.at < known.exposedAt) known.exposedAt = exposure.at;
  }
  const attribution = attribute(batch.tracks, after, design.attributionWindowMs, input.now, input.graceMs);
  const newTotals = new Map<string, EventTotals>();
  for (const row of attribution.totals) {
    const key = totalsKey(row.unit, row.event);
    const old = input.totals.get(key);
    newTotals.set(key, {
      count: (old?.count ?? 0) + row.count,
      valueSum: (old?.valueSum ?? 0) + row.valueSum,
    });
  }
  const totalsOf = (unit: string, event: string, changed: boolean) =>
    (changed ? newTotals.get(totalsKey(unit, event)) : undefined) ?? input.totals.get(totalsKey(unit, event));

  const metrics = allMetrics(design);
  const sums = new Map<string, SumsDelta>();
  const variants = new Map<string, UnitsDelta>();
  const units = new Map<string, UnitState>();
  const credited = new Set(attribution.totals.map((t) => t.unit));
  for (const [unit, now] of after) {
    const old = before.get(unit);
    const totalsChanged = credited.has(unit);
    const stateChanged =
      !old ||
      old.variant !== now.variant ||
      old.exposedAt !== now.exposedAt ||
      old.conflicted !== now.conflicted;
    if (!stateChanged && !totalsChanged) continue;
    if (stateChanged) units.set(unit, now);
    if (old) {
      countUnit(variants, old, -1);
      if (!old.conflicted)
        for (const metric of metrics) addUnit(sums, metric, old.variant, (e) => totalsOf(unit, e, false), -1);
    }
    countUnit(variants, now, 1);
    if (!now.conflicted)
      for (const metric of metrics) addUnit(sums, metric, now.variant, (e) => totalsOf(unit, e, true), 1);
  }
  return {
    units,
    totals: [...newTotals].map(([key, t]) => {
      const [unit, event] = key.split('\u0000') as [string, string];
      return { unit, event, ...t };
    }),
    sums: [...sums.values()].filter(
      (d) => d.n !== 0 || d.sum !== 0 || d.sumSquares !== 0 || d.crossSum !== 0 || d.denominatorSum !== 0,
    ),
    variants: [...variants.values()].filter((d) => d.units !== 0 || d.conflicted !== 0),
    retry: attribution.retry,
    attributed: attribution.attributed,
    discarded: attribution.discarded,
  };
}

function countUnit(variants: Map<string, UnitsDelta>, state: UnitState, sign: 1 | -1): void {
  let delta = variants.get(state.variant);
  if (!delta) {
    delta = { variant: state.variant, units: 0, conflicted: 0 };
    variants.set(state.variant, delta);
  }
  if (state.conflicted) delta.conflicted += sign;
  else delta.units += sign;
}

/** A unit's value of an event measure (a conversion: 1 once it sent the event at all). */
export function measureOf(of: EventMeasure, totals: EventTotals | undefined, conversion: boolean): number {
  if (!totals) return 0;
  if (conversion) return totals.count > 0 ? 1 : 0;
  return of.of === 'count' ? totals.count : totals.valueSum;
}

function addUnit(
  sums: Map<string, SumsDelta>,
  metric: MetricDefinition,
  variant: string,
  totals: (event: string) => EventTotals | undefined,
  sign: 1 | -1,
): void {
  const key = `${metric.key}\u0000${variant}`;
  let delta = sums.get(key);
  if (!delta) {
    delta = {
      metric: metric.key,
      variant,
      n: 0,
      sum: 0,
      sumSquares: 0,
      denominatorSum: 0,
      denominatorSumSquares: 0,
      crossSum: 0,
    };
    sums.set(key, delta);
  }
  const x = measureOf(metric.numerator, totals(metric.numerator.event), metric.type === 'conversion');
  const y = metric.denominator ? measureOf(metric.denominator, totals(metric.denominator.event), false) : 0;
  delta.n += sign;
  delta.sum += sign * x;
  delta.sumSquares += sign * x * x;
  delta.denominatorSum += sign * y;
  delta.denominatorSumSquares += sign * y * y;
  delta.crossSum += sign * x * y;
}
