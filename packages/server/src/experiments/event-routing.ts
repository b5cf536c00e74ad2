import type { SdkEvent } from './event-batch.js';
import { allMetrics } from './experiment-design.js';
import type { CollectingExperiment } from './experiment-store.js';
import { eventsOf } from './metric-definition.js';
import type { Assignment, EventTotalRow, ExposureRow } from './unit-store.js';

/** A tracked event waiting to be credited to its unit's variant, with when the server first saw it. */
export interface PendingTrack {
  unit: string;
  name: string;
  value: number;
  at: number;
  seenAt: number;
}

/** What a flush writes for one experiment. */
export interface ExperimentBatch {
  /** Per unit: its earliest exposure of this batch; conflicted when it saw two variants here. */
  exposures: Map<string, ExposureRow>;
  tracks: PendingTrack[];
}

/** Events that reached no experiment, by reason (they are not errors: nothing runs on them now). */
export interface RoutingCounts {
  exposures: number;
  tracks: number;
  ignored: number;
}

export const emptyBatch = (): ExperimentBatch => ({ exposures: new Map(), tracks: [] });

/** Adds an exposure: the unit keeps its earliest, and is conflicted once it saw another variant. */
export function addExposure(batch: ExperimentBatch, row: ExposureRow): void {
  const known = batch.exposures.get(row.unit);
  if (!known) {
    batch.exposures.set(row.unit, { ...row });
    return;
  }
  if (known.variant !== row.variant) known.conflicted = true;
  known.conflicted ||= row.conflicted;
  if (row.at < known.at) known.at = row.at;
}

/** Merges a batch that could not be written into the next one. */
export function mergeBatch(into: ExperimentBatch, from: ExperimentBatch): void {
  for (const row of from.exposures.values()) addExposure(into, row);
  into.tracks.push(...from.tracks);
}

/** Which experiments an environment's events feed: by flag for exposures, by event name for tracks. */
export class ExperimentIndex {
  readonly #byFlag = new Map<string, CollectingExperiment[]>();
  readonly #byEvent = new Map<string, CollectingExperiment[]>();

  constructor(experiments: readonly CollectingExperiment[]) {
    for (const experiment of experiments) {
      push(this.#byFlag, `${experiment.environmentId}\u0000${experiment.flagKey}`, experiment);
      for (const event of eventsOf(allMetrics(experiment.design)))
        push(this.#byEvent, `${experiment.environmentId}\u0000${event}`, experiment);
    }
  }

  /**
   * Sorts one environment's events into per-experiment batches. An event counts for an experiment
   * when it happened while the experiment ran; an exposure also needs a variant of its split.
   */
  route(
    environmentId: string,
    events: readonly SdkEvent[],
    seenAt: number,
    batches: Map<number, ExperimentBatch>,
    counts: RoutingCounts,
  ): void {
    const batchOf = (id: number) => {
      const known = batches.get(id);
      if (known) return known;
      const batch = emptyBatch();
      batches.set(id, batch);
      return batch;
    };
    for (const event of events) {
      let used = false;
      if (event.kind === 'exposure') {
        for (const experiment of this.#byFlag.get(`${environmentId}\u0000${event.flag}`) ?? []) {
          if (!during(experiment, event.at) || !Object.hasOwn(experiment.design.weights, event.variant))
            continue;
          addExposure(batchOf(experiment.id), {
            unit: event.unit,
            variant: event.variant,
            at: event.at,
            conflicted: false,
          });
          used = true;
        }
        if (used) counts.exposures++;
      } else {
        for (const experiment of this.#byEvent.get(`${environmentId}\u0000${event.name}`) ?? []) {
          if (!during(experiment, event.at)) continue;
          batchOf(experiment.id).tracks.push({
            unit: event.unit,
            name: event.name,
            value: event.value,
            at: event.at,
            seenAt,
          });
          used = true;
        }
        if (used) counts.tracks++;
      }
      if (!used) counts.ignored++;
    }
  }
}

function during(experiment: CollectingExperiment, at: number): boolean {
  return at >= experiment.startedAtMs && (experiment.stoppedAtMs === null || at <= experiment.stoppedAtMs);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface Attribution {
  totals: EventTotalRow[];
  /** Tracks of units with no exposure yet (another replica may not have written it): tried again later. */
  retry: PendingTrack[];
  attributed: number;
  /** Before the unit's exposure, after its attribution window, of an excluded unit, or never exposed in time. */
  discarded: number;
}

/**
 * Credits tracked events to their units: only inside [first exposure, first exposure + window]
 * (no window: any time after it). A unit not exposed yet is retried until `graceMs` after the
 * server first saw the event.
 */
export function attribute(
  tracks: readonly PendingTrack[],
  assignments: ReadonlyMap<string, Assignment>,
  windowMs: number | null,
  now: number,
  graceMs: number,
): Attribution {
  const totals = new Map<string, EventTotalRow>();
  const retry: PendingTrack[] = [];
  let attributed = 0;
  let discarded = 0;
  for (const track of tracks) {
    const assignment = assignments.get(track.unit);
    if (!assignment) {
      if (now - track.seenAt < graceMs) retry.push(track);
      else discarded++;
      continue;
    }
    const late = windowMs !== null && track.at > assignment.exposedAt + windowMs;
    if (assignment.conflicted || track.at < assignment.exposedAt || late) {
      discarded++;
      continue;
    }
    const key = `${track.unit}\u0000${track.name}`;
    const total = totals.get(key);
    if (total) {
      total.count++;
      total.valueSum += track.value;
    } else totals.set(key, { unit: track.unit, event: track.name, count: 1, valueSum: track.value });
    attributed++;
  }
  return { totals: [...totals.values()], retry, attributed, discarded };
}
