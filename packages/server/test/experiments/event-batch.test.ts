import { describe, expect, it } from 'vitest';
import { batchProblem, MAX_EVENTS_PER_BATCH, readEvents } from '../../src/experiments/event-batch.js';
import { attribute, type ExperimentBatch, ExperimentIndex } from '../../src/experiments/event-routing.js';
import { experimentDesign } from '../../src/experiments/experiment-design.js';
import type { CollectingExperiment } from '../../src/experiments/experiment-store.js';

const now = Date.parse('2026-11-30T12:00:00Z');

describe('reading a batch of SDK events', () => {
  it('normalises exposures and tracks, timestamps in epoch ms or ISO 8601 with a zone', () => {
    const { events, errors } = readEvents(
      [
        { kind: 'exposure', flag: 'f', variant: 'on', targetingKey: 'u', timestamp: now },
        { kind: 'track', name: 'buy', targetingKey: 'u', timestamp: '2026-11-30T13:00:00+01:00', value: 2.5 },
        { kind: 'track', name: 'buy', targetingKey: 'u', timestamp: '2026-11-30T12:00:00.123Z' },
      ],
      now,
    );
    expect(errors).toEqual([]);
    expect(events).toEqual([
      { kind: 'exposure', flag: 'f', variant: 'on', unit: 'u', at: now },
      { kind: 'track', name: 'buy', unit: 'u', value: 2.5, at: now },
      { kind: 'track', name: 'buy', unit: 'u', value: 0, at: now + 123 },
    ]);
  });

  it('refuses each bad event with its index and the problem, keeping the good ones', () => {
    const bad = [
      'not an object',
      { kind: 'exposure', flag: 'f', varient: 'on', targetingKey: 'u', timestamp: now },
      { kind: 'track', name: 'buy', targetingKey: 'u', timestamp: 1_700_000_000 },
      { kind: 'track', name: 'buy', targetingKey: 'u', timestamp: now + 2 * 86_400_000 },
      { kind: 'track', name: 'buy', targetingKey: 'u', timestamp: '30/11/2026' },
      { kind: 'track', name: 'buy', targetingKey: 'u', timestamp: now, value: '3' },
      { kind: 'track', name: '', targetingKey: 'u', timestamp: now },
      { kind: 'track', name: 'buy', targetingKey: 'x'.repeat(257), timestamp: now },
      { kind: 'exposur', flag: 'f' },
      { kind: 'track', name: 'buy', targetingKey: 'u' },
    ];
    const { events, errors } = readEvents(bad, now);
    expect(events).toEqual([]);
    expect(errors.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(errors.map((e) => e.message)).toEqual([
      'an event must be an object',
      `unknown field "varient" in an exposure event (did you mean 'variant'?)`,
      '"timestamp" 1700000000 is before 2000: it must be epoch milliseconds (not seconds)',
      expect.stringContaining('more than a day in the future'),
      expect.stringContaining('is not an ISO 8601 date-time with a time zone'),
      '"value" must be a finite number when present',
      '"name" must be a non-empty string',
      '"targetingKey" is longer than 256 characters',
      `"kind" must be "exposure" or "track", not "exposur" (did you mean 'exposure'?)`,
      '"timestamp" is missing (epoch milliseconds or an ISO 8601 date-time)',
    ]);
  });

  it('refuses a body that is not a batch as a whole', () => {
    expect(batchProblem([])).toContain('must be a JSON object');
    expect(batchProblem({ evnts: [] })).toContain(`did you mean 'events'`);
    expect(batchProblem({ events: {} })).toBe('"events" must be an array of events');
    expect(batchProblem({ events: new Array(MAX_EVENTS_PER_BATCH + 1).fill(0) })).toContain('send at most');
    expect(batchProblem({ events: [] })).toBeUndefined();
  });
});

function experiment(id: number, flagKey: string, extra: Record<string, unknown> = {}): CollectingExperiment {
  const checked = experimentDesign(
    `e${id}`,
    {
      control: 'off',
      weights: { off: 1, on: 1 },
      primaryMetric: { event: 'buy', type: 'conversion' },
      ...extra,
    },
    ['off', 'on', 'other'],
    (p) => p,
  );
  if ('issues' in checked) throw new Error('bad design');
  return {
    id,
    projectId: 'p',
    environmentId: 'env',
    flagId: flagKey,
    flagKey,
    key: `e${id}`,
    design: checked.design,
    status: 'running',
    baseTargeting: null,
    written: null,
    startedAt: new Date(now - 3600_000).toISOString(),
    stoppedAt: null,
    outcome: null,
    createdBy: 'x',
    createdAt: '',
    updatedAt: '',
    version: 1,
    startedAtMs: now - 3600_000,
    stoppedAtMs: null,
  };
}

describe('routing events to experiments', () => {
  it('sends exposures of a split variant, during the experiment, of its environment, to it; tracks to every experiment reading them', () => {
    const index = new ExperimentIndex([experiment(1, 'f'), experiment(2, 'g')]);
    const batches = new Map<number, ExperimentBatch>();
    const counts = { exposures: 0, tracks: 0, ignored: 0 };
    index.route(
      'env',
      [
        { kind: 'exposure', flag: 'f', variant: 'on', unit: 'a', at: now },
        { kind: 'exposure', flag: 'f', variant: 'off', unit: 'a', at: now - 60_000 },
        { kind: 'exposure', flag: 'f', variant: 'other', unit: 'b', at: now },
        { kind: 'exposure', flag: 'f', variant: 'on', unit: 'c', at: now - 2 * 3600_000 },
        { kind: 'track', name: 'buy', unit: 'a', value: 1, at: now },
        { kind: 'track', name: 'view', unit: 'a', value: 0, at: now },
      ],
      now,
      batches,
      counts,
    );
    index.route(
      'elsewhere',
      [{ kind: 'exposure', flag: 'f', variant: 'on', unit: 'd', at: now }],
      now,
      batches,
      counts,
    );
    expect(counts).toEqual({ exposures: 2, tracks: 1, ignored: 4 });
    expect([...batches.get(1)!.exposures.values()]).toEqual([
      { unit: 'a', variant: 'on', at: now - 60_000, conflicted: true },
    ]);
    expect(batches.get(1)!.tracks).toHaveLength(1);
    expect(batches.get(2)!.tracks).toHaveLength(1);
  });

  it('credits tracks inside the attribution window, and retries units not exposed yet until the grace ends', () => {
    const assignments = new Map([
      ['a', { variant: 'on', exposedAt: now, conflicted: false }],
      ['x', { variant: 'on', exposedAt: now, conflicted: true }],
    ]);
    const track = (unit: string, at: number, seenAt = now) => ({ unit, name: 'buy', value: 2, at, seenAt });
    const result = attribute(
      [
        track('a', now + 1000),
        track('a', now + 2000),
        track('a', now - 1),
        track('a', now + 3600_001),
        track('x', now + 1),
        track('new', now, now - 1000),
        track('gone', now, now - 31_000),
      ],
      assignments,
      3600_000,
      now,
      30_000,
    );
    expect(result.totals).toEqual([{ unit: 'a', event: 'buy', count: 2, valueSum: 4 }]);
    expect(result.retry.map((t) => t.unit)).toEqual(['new']);
    expect(result).toMatchObject({ attributed: 2, discarded: 4 });
  });
});
