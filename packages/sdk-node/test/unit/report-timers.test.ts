import { describe, expect, it } from 'vitest';
import { nodeTimers } from '../../src/reporting/report-timers.js';

const keepingAlive = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;

describe('nodeTimers', () => {
  it('never keep the process alive: reporting is no reason to stay up', async () => {
    const before = keepingAlive();
    let ticks = 0;
    const cancel = nodeTimers.every(5, () => {
      ticks += 1;
    });
    nodeTimers.soon(() => {});
    expect(keepingAlive()).toBe(before);
    // A ref'd timer does show, so the count above means something.
    const control = setInterval(() => {}, 1000);
    expect(keepingAlive()).toBe(before + 1);
    clearInterval(control);
    await new Promise((resolve) => setTimeout(resolve, 40));
    cancel();
    const after = ticks;
    expect(after).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ticks).toBe(after);
  });
});
