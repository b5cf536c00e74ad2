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

/** A set with every flag resolved once, so every targeting is compiled (see FlagSet.parse). */
function loadAndResolveAll(FlagSet, text, context) {
  const set = loadSwitchyard(FlagSet, text);
  for (const key of set.flagKeys) set.resolve(key, context);
  return set;
}

/**
 * @param {{ text: string, distinctText: string, FlagSet: any, runs: number, context: object }} input
 *   `distinctText`: the same flags, but no two compare with the same literals (so share no condition)
 * @returns {{ jsonBytes: number, switchyardBytes: number, resolvedBytes: number,
 *   distinctJsonBytes: number, distinctResolvedBytes: number }} medians of `runs` measurements: the
 *   parsed JSON, a set as loaded, a set whose flags have all been resolved, and the same for the
 *   distinct set's JSON and resolved set
 */
export function benchHeap({ text, distinctText, FlagSet, runs, context }) {
  const samples = { json: [], switchyard: [], resolved: [], distinctJson: [], distinctResolved: [] };
  for (let run = 0; run < runs; run++) {
    samples.json.push(retainedBy(() => JSON.parse(text)));
    samples.switchyard.push(retainedBy(() => loadSwitchyard(FlagSet, text)));
    samples.resolved.push(retainedBy(() => loadAndResolveAll(FlagSet, text, context)));
    samples.distinctJson.push(retainedBy(() => JSON.parse(distinctText)));
    samples.distinctResolved.push(retainedBy(() => loadAndResolveAll(FlagSet, distinctText, context)));
  }
  return {
    jsonBytes: median(samples.json),
    switchyardBytes: median(samples.switchyard),
    resolvedBytes: median(samples.resolved),
    distinctJsonBytes: median(samples.distinctJson),
    distinctResolvedBytes: median(samples.distinctResolved),
  };
}
