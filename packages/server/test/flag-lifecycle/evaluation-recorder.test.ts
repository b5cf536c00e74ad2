import { describe, expect, it } from 'vitest';
import { EvaluationRecorder } from '../../src/lifecycle/evaluation-recorder.js';

type Row = { environmentId: string; flagKey: string; at: string };

describe('the evaluation recorder', () => {
  it('writes one row per environment and flag per flush, with the latest evaluation time', async () => {
    let now = Date.parse('2026-05-01T00:00:00Z');
    const writes: Row[][] = [];
    const recorder = new EvaluationRecorder({
      now: () => now,
      flushMs: 1000,
      write: async (rows) => void writes.push(rows),
    });
    for (let i = 0; i < 10_000; i++) recorder.record('env-1', 'checkout');
    now += 5000;
    recorder.record('env-1', 'checkout');
    recorder.record('env-2', 'checkout');
    expect(recorder.pendingAt('env-1', 'checkout')).toBe('2026-05-01T00:00:05.000Z');
    await recorder.flush();
    expect(writes).toEqual([
      [
        { environmentId: 'env-1', flagKey: 'checkout', at: '2026-05-01T00:00:05.000Z' },
        { environmentId: 'env-2', flagKey: 'checkout', at: '2026-05-01T00:00:05.000Z' },
      ],
    ]);
    expect(recorder.pendingAt('env-1', 'checkout')).toBeUndefined();
    await recorder.flush();
    expect(writes).toHaveLength(1);
  });

  it('keeps what failed to write for the next flush, and answers for it meanwhile', async () => {
    let fail = true;
    const writes: Row[][] = [];
    const errors: unknown[] = [];
    const recorder = new EvaluationRecorder({
      now: () => Date.parse('2026-05-01T00:00:00Z'),
      flushMs: 1000,
      write: async (rows) => {
        if (fail) throw new Error('database away');
        writes.push(rows);
      },
      onError: (error) => errors.push(error),
    });
    recorder.record('env-1', 'a');
    await recorder.flush();
    expect(errors).toHaveLength(1);
    expect(recorder.pendingAt('env-1', 'a')).toBe('2026-05-01T00:00:00.000Z');
    fail = false;
    await recorder.flush();
    expect(writes).toEqual([[{ environmentId: 'env-1', flagKey: 'a', at: '2026-05-01T00:00:00.000Z' }]]);
  });

  it('a batch that failed to write does not replace an evaluation recorded while it was written', async () => {
    let now = Date.parse('2026-05-01T00:00:00Z');
    let release: () => void = () => {};
    const writes: Row[][] = [];
    let calls = 0;
    const recorder = new EvaluationRecorder({
      now: () => now,
      flushMs: 1000,
      write: async (rows) => {
        calls++;
        if (calls === 1) {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          throw new Error('database away');
        }
        writes.push(rows);
      },
      onError: () => {},
    });
    recorder.record('env-1', 'a');
    recorder.record('env-2', 'b');
    const failing = recorder.flush();
    await Promise.resolve();
    now += 60_000;
    recorder.record('env-1', 'a');
    release();
    await failing;
    expect(recorder.pendingAt('env-1', 'a')).toBe('2026-05-01T00:01:00.000Z');
    expect(recorder.pendingAt('env-2', 'b')).toBe('2026-05-01T00:00:00.000Z');
    await recorder.flush();
    expect(writes).toEqual([
      [
        { environmentId: 'env-1', flagKey: 'a', at: '2026-05-01T00:01:00.000Z' },
        { environmentId: 'env-2', flagKey: 'b', at: '2026-05-01T00:00:00.000Z' },
      ],
    ]);
  });

  it('records every flag of a bulk evaluation at one instant, as record would one by one', async () => {
    let now = Date.parse('2026-05-01T00:00:00Z');
    const writes: Row[][] = [];
    const recorder = new EvaluationRecorder({
      now: () => now,
      flushMs: 1000,
      maxPending: 3,
      write: async (rows) => void writes.push(rows),
    });
    recorder.record('env-1', 'a');
    now += 1000;
    recorder.recordAll('env-1', ['a', 'b']);
    recorder.recordAll('env-2', ['a', 'b']);
    expect(recorder.pendingAt('env-1', 'a')).toBe('2026-05-01T00:00:01.000Z');
    expect(recorder.pendingAt('env-2', 'a')).toBe('2026-05-01T00:00:01.000Z');
    // At most maxPending pairs: the fourth is not held.
    expect(recorder.pendingAt('env-2', 'b')).toBeUndefined();
    await recorder.flush();
    expect(writes).toEqual([
      [
        { environmentId: 'env-1', flagKey: 'a', at: '2026-05-01T00:00:01.000Z' },
        { environmentId: 'env-1', flagKey: 'b', at: '2026-05-01T00:00:01.000Z' },
        { environmentId: 'env-2', flagKey: 'a', at: '2026-05-01T00:00:01.000Z' },
      ],
    ]);
  });

  it('holds at most maxPending pairs while the database is away', async () => {
    const recorder = new EvaluationRecorder({
      now: () => 0,
      flushMs: 1000,
      maxPending: 2,
      write: async () => {},
    });
    for (const flag of ['a', 'b', 'c']) recorder.record('e', flag);
    recorder.record('f', 'a');
    expect(recorder.pendingAt('e', 'c')).toBeUndefined();
    expect(recorder.pendingAt('f', 'a')).toBeUndefined();
    expect(recorder.pendingAt('e', 'b')).toBeDefined();
    // A pair already held is still brought up to date.
    recorder.record('e', 'a');
    expect(recorder.pendingAt('e', 'a')).toBeDefined();
  });
});
