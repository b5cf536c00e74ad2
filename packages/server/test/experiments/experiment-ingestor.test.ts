import { describe, expect, it } from 'vitest';
import type { SdkEvent } from '../../src/experiments/event-batch.js';
import { experimentDesign } from '../../src/experiments/experiment-design.js';
import { ExperimentIngestor } from '../../src/experiments/experiment-ingestor.js';
import type { CollectingExperiment } from '../../src/experiments/experiment-store.js';
import type { UnitStore } from '../../src/experiments/unit-store.js';

const STARTED = Date.parse('2026-01-01T00:00:00Z');

function runningExperiment(): CollectingExperiment {
  const checked = experimentDesign(
    'checkout-test',
    {
      control: 'off',
      weights: { off: 50, on: 50 },
      primaryMetric: { event: 'purchase', type: 'conversion' },
    },
    ['off', 'on'],
    (path) => path,
  );
  if (!('design' in checked)) throw new Error(JSON.stringify(checked.issues));
  return {
    id: 1,
    projectId: 'p',
    environmentId: 'env',
    flagId: 'f',
    flagKey: 'checkout',
    key: 'checkout-test',
    design: checked.design,
    status: 'running',
    baseTargeting: null,
    written: null,
    startedAt: new Date(STARTED).toISOString(),
    stoppedAt: null,
    outcome: null,
    createdBy: 'test',
    createdAt: new Date(STARTED).toISOString(),
    updatedAt: new Date(STARTED).toISOString(),
    version: 2,
    startedAtMs: STARTED,
    stoppedAtMs: null,
  };
}

/** A unit store whose writes wait until `release()`: a slow database. */
function slowUnits() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let writing!: () => void;
  const started = new Promise<void>((resolve) => {
    writing = resolve;
  });
  const units: UnitStore = {
    async insertNew() {
      writing();
      await released;
      return new Set();
    },
    lock: async () => new Map(),
    eventTotals: async () => new Map(),
    writeUnits: async () => {},
    writeTotals: async () => {},
    addSums: async () => {},
    addVariantCounts: async () => {},
    sums: async () => new Map(),
    variantUnits: async () => [],
    recountSums: async () => [],
    recountUnits: async () => [],
  };
  return { units, started, release };
}

const exposure = (unit: string): SdkEvent => ({
  kind: 'exposure',
  flag: 'checkout',
  variant: 'on',
  unit,
  at: STARTED + 1000,
});

describe('the experiment ingestor', () => {
  it('still counts events as pending while a flush is writing them, and bounds them with those', async () => {
    const store = slowUnits();
    const ingestor = new ExperimentIngestor({
      collecting: async () => [runningExperiment()],
      transaction: (work) => work(store.units),
      now: () => STARTED + 2000,
      maxBuffered: 4,
    });
    expect(ingestor.add('env', [exposure('a'), exposure('b'), exposure('c')])).toBe(true);
    const flushed = ingestor.flush();
    await store.started;
    // Taken by the flush but not written: they are still held.
    expect(ingestor.pending).toBe(3);
    expect(ingestor.add('env', [exposure('d'), exposure('e')])).toBe(false);
    expect(ingestor.add('env', [exposure('d')])).toBe(true);
    expect(ingestor.pending).toBe(4);
    store.release();
    await flushed;
    expect(ingestor.pending).toBe(1);
    await ingestor.flush();
    expect(ingestor.pending).toBe(0);
  });
});
