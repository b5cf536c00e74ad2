/**
 * Times loading one large flag-set text: `JSON.parse` alone (the floor), `FlagSet.parse`, and
 * flagd-core's `setConfigurations`. Runs alternate between engines. No loaded set is kept across
 * runs: a live 10,000-flag set from one engine would make the other's garbage collections slower.
 */
import { loadFlagd, loadSwitchyard } from './engines.js';
import { median, spread, timeOnce } from './measure.js';
import { buildLoadDocumentText } from './scenarios.js';

/** Flags in the untimed warm-up load, enough for the JIT to optimise both loaders. */
const WARMUP_FLAGS = 500;

/**
 * @param {{ text: string, FlagSet: any, FlagdCore: any,
 *   runs: { json: number, switchyard: number, flagd: number }, onRun?: (label: string, ms: number) => void }} input
 */
export function benchLoad({ text, FlagSet, FlagdCore, runs, onRun }) {
  const warmupText = buildLoadDocumentText(WARMUP_FLAGS, 1);
  loadSwitchyard(FlagSet, warmupText);
  loadFlagd(FlagdCore, warmupText);

  const samples = { json: [], switchyard: [], flagd: [] };
  const loaders = {
    json: () => JSON.parse(text),
    switchyard: () => loadSwitchyard(FlagSet, text),
    flagd: () => loadFlagd(FlagdCore, text),
  };
  const mostRuns = Math.max(runs.json, runs.switchyard, runs.flagd);
  for (let run = 0; run < mostRuns; run++) {
    for (const name of ['json', 'switchyard', 'flagd']) {
      if (run >= runs[name]) continue;
      const { ns } = timeOnce(loaders[name]);
      samples[name].push(ns / 1e6);
      onRun?.(name, ns / 1e6);
    }
  }

  const summary = (name) => ({
    samplesMs: samples[name],
    medianMs: median(samples[name]),
    spread: spread(samples[name]),
  });
  return { json: summary('json'), switchyard: summary('switchyard'), flagd: summary('flagd') };
}
