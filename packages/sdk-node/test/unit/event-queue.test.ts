import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/events/event-queue.js';

describe('EventQueue', () => {
  it('hands out the oldest events first, in batches', () => {
    const queue = new EventQueue<number>(10);
    for (let i = 1; i <= 5; i++) queue.push(i);
    expect(queue.take(2)).toEqual([1, 2]);
    expect(queue.take(10)).toEqual([3, 4, 5]);
    expect(queue.length).toBe(0);
  });

  it('drops the oldest events when full, and counts them', () => {
    const queue = new EventQueue<number>(3);
    for (let i = 1; i <= 5; i++) queue.push(i);
    expect(queue.dropped).toBe(2);
    expect(queue.take(10)).toEqual([3, 4, 5]);
  });

  it('puts an unsent batch back in front, and drops from the oldest if that overfills it', () => {
    const queue = new EventQueue<number>(4);
    for (let i = 1; i <= 4; i++) queue.push(i);
    const batch = queue.take(3);
    queue.push(5);
    queue.push(6);
    queue.putBack(batch);
    expect(queue.dropped).toBe(2);
    expect(queue.take(10)).toEqual([3, 4, 5, 6]);
  });
});
