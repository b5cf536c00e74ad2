import { afterEach, describe, expect, it, vi } from 'vitest';
import { heartbeatGroup } from '../../src/sdk/sync/sse-heartbeat.js';

describe('shared SSE heartbeat', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats every stream of a period from one timer, and stops when the last one leaves', () => {
    vi.useFakeTimers();
    const group = heartbeatGroup(1000);
    const beats: string[] = [];
    const a = { heartbeat: () => beats.push('a') };
    // A stream that closes on its heartbeat (a revoked key) leaves the group during the beat.
    const b = {
      heartbeat: () => {
        beats.push('b');
        group.delete(b);
      },
    };
    group.add(a);
    group.add(b);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(beats).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1000);
    expect(beats).toEqual(['a', 'b', 'a']);
    group.delete(a);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(beats).toEqual(['a', 'b', 'a']);
  });

  it('spreads the streams of a period over it, each beaten once per period', () => {
    vi.useFakeTimers();
    const group = heartbeatGroup(1600);
    const beats = new Map<number, number>();
    const targets = Array.from({ length: 32 }, (_, i) => ({
      heartbeat: () => beats.set(i, (beats.get(i) ?? 0) + 1),
    }));
    for (const target of targets) group.add(target);
    vi.advanceTimersByTime(100);
    // 1/16 of the period: 2 of the 32 streams.
    expect(beats.size).toBe(2);
    vi.advanceTimersByTime(1500);
    expect([...beats.values()]).toEqual(Array(32).fill(1));
    for (const target of targets) group.delete(target);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps periods apart', () => {
    expect(heartbeatGroup(1000)).toBe(heartbeatGroup(1000));
    expect(heartbeatGroup(2000)).not.toBe(heartbeatGroup(1000));
  });
});
