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

const ZERO = { n: 0, sum: 0, sumSquares: 0, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 };

/**
 * The changes a batch makes. `before` has the stored state of every affected unit that exists;
 * `totals` their stored event totals (unit → event → totals).
 */
export function ledgerChanges(input: {
  design: ExperimentDesign;
  batch: ExperimentBatch;
  before: ReadonlyMap<string, UnitState>;
  totals: ReadonlyMap<string, ReadonlyMap<string, EventTotals>>;
  /** Units the store has just written as their exposure in this batch: written again only if changed. */
  inserted?: ReadonlySet<string>;
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
  // The credited units' totals after this batch: their stored totals plus what was credited.
  const newTotals = new Map<string, Map<string, EventTotals>>();
  for (const row of attribution.totals) {
    let events = newTotals.get(row.unit);
    if (!events) {
      events = new Map(input.totals.get(row.unit));
      newTotals.set(row.unit, events);
    }
    const old = events.get(row.event);
    events.set(row.event, {
      count: (old?.count ?? 0) + row.count,
      valueSum: (old?.valueSum ?? 0) + row.valueSum,
    });
  }

  const metrics = allMetrics(design);
  const sums = new Map<string, SumsDelta[]>();
  const sumsOf = (variant: string) => {
    let list = sums.get(variant);
    if (!list) {
      list = metrics.map((metric) => ({ ...ZERO, metric: metric.key, variant }));
      sums.set(variant, list);
    }
    return list;
  };
  const variants = new Map<string, UnitsDelta>();
  const units = new Map<string, UnitState>();
  for (const [unit, now] of after) {
    const old = before.get(unit);
    const credited = newTotals.get(unit);
    const stateChanged =
      !old ||
      old.variant !== now.variant ||
      old.exposedAt !== now.exposedAt ||
      old.conflicted !== now.conflicted;
    if (!stateChanged && !credited) continue;
    // A unit inserted by this flush is new with one exposure: its state is what was inserted.
    if (stateChanged && !input.inserted?.has(unit)) units.set(unit, now);
    if (old) {
      countUnit(variants, old, -1);
      if (!old.conflicted) addUnit(sumsOf(old.variant), metrics, input.totals.get(unit), -1);
    }
    countUnit(variants, now, 1);
    if (!now.conflicted) addUnit(sumsOf(now.variant), metrics, credited ?? input.totals.get(unit), 1);
  }
  // attribute() sums per (unit, event): each appears once.
  const totals = attribution.totals.map((row) => ({
    unit: row.unit,
    event: row.event,
    ...newTotals.get(row.unit)!.get(row.event)!,
  }));
  return {
    units,
    totals,
    sums: [...sums.values()]
      .flat()
      .filter(
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

/** Adds (or, with sign −1, takes out) one unit's contribution to every metric's sums of its variant. */
function addUnit(
  deltas: SumsDelta[],
  metrics: readonly MetricDefinition[],
  totals: ReadonlyMap<string, EventTotals> | undefined,
  sign: 1 | -1,
): void {
  for (const [i, metric] of metrics.entries()) {
    const delta = deltas[i]!;
    delta.n += sign;
    // Most units never sent an event: they add one unit and zeros.
    if (!totals) continue;
    const x = measureOf(metric.numerator, totals.get(metric.numerator.event), metric.type === 'conversion');
    const y = metric.denominator
      ? measureOf(metric.denominator, totals.get(metric.denominator.event), false)
      : 0;
    delta.sum += sign * x;
    delta.sumSquares += sign * x * x;
    delta.denominatorSum += sign * y;
    delta.denominatorSumSquares += sign * y * y;
    delta.crossSum += sign * x * y;
  }
}
