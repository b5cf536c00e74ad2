/**
 * Retained heap: how much live memory a loaded 10,000-flag set holds, against the same text
 * parsed by `JSON.parse` (the floor: the flags as plain objects). Measured after full garbage
 * collections, one loaded value alive at a time, the text itself excluded (allocated before).
 */
import { getHeapStatistics } from 'node:v8';
import { loadSwitchyard } from './engines.js';
import { collectGarbage, median } from './measure.js';

function usedHeap() {
  collectGarbage();
  collectGarbage();
  return getHeapStatistics().used_heap_size;
}

/** Bytes still reachable from what `build` returns. */
function retainedBy(build) {
  const before = usedHeap();
  let kept = build();
  const after = usedHeap();
  // Read after measuring, so the value stays alive through it.
  if (kept === undefined) throw new Error('nothing was built');
  kept = undefined;
  return after - before;
}

/**
 * @param {{ text: string, FlagSet: any, runs: number }} input
 * @returns {{ jsonBytes: number, switchyardBytes: number }} medians of `runs` measurements
 */
export function benchHeap({ text, FlagSet, runs }) {
  const json = [];
  const switchyard = [];
  for (let run = 0; run < runs; run++) {
    json.push(retainedBy(() => JSON.parse(text)));
    switchyard.push(retainedBy(() => loadSwitchyard(FlagSet, text)));
  }
  return { jsonBytes: median(json), switchyardBytes: median(switchyard) };
}
