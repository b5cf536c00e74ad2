/**
 * Times every scenario in both engines over the same contexts: warm-up passes, then rounds
 * that alternate which engine goes first, so drift in machine load hits both alike.
 */
import { LOOPS } from './loops.js';
import { median, spread, timeOnce } from './measure.js';

export const ENGINE_NAMES = ['switchyard', 'flagd'];

/**
 * @param {{ instances: { switchyard: any, flagd: any }, scenarios: any[], contexts: object[],
 *   rounds: number, warmupPasses: number, onRound?: (round: number) => void }} input
 * @returns {Array<{ scenario: any, samples: Record<string, number[]>, medianNs: Record<string, number>,
 *   spread: Record<string, number>, sinks: Record<string, number> }>} samples in ns per evaluation
 */
export function benchEvaluation({ instances, scenarios, contexts, rounds, warmupPasses, onRound }) {
  const pass = (engine, scenario) =>
    LOOPS[engine][scenario.type](instances[engine], scenario.flagKey, scenario.defaultValue, contexts);

  for (let i = 0; i < warmupPasses; i++) {
    for (const scenario of scenarios) for (const engine of ENGINE_NAMES) pass(engine, scenario);
  }

  const results = scenarios.map((scenario) => ({
    scenario,
    samples: { switchyard: [], flagd: [] },
    sinks: { switchyard: 0, flagd: 0 },
  }));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ENGINE_NAMES : [...ENGINE_NAMES].reverse();
    for (const entry of results) {
      for (const engine of order) {
        const { ns, result } = timeOnce(() => pass(engine, entry.scenario));
        entry.samples[engine].push(ns / contexts.length);
        entry.sinks[engine] = result;
      }
    }
    onRound?.(round + 1);
  }

  return results.map((entry) => ({
    ...entry,
    medianNs: { switchyard: median(entry.samples.switchyard), flagd: median(entry.samples.flagd) },
    spread: { switchyard: spread(entry.samples.switchyard), flagd: spread(entry.samples.flagd) },
  }));
}
