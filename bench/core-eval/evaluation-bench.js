/**
 * Times every scenario in both engines over the same contexts: warm-up passes, then rounds
 * that alternate which engine goes first, so drift in machine load hits both alike.
 */
import { floorLoop } from './floor.js';
import { LOOPS } from './loops.js';
import { median, spread, timeOnce } from './measure.js';

export const ENGINE_NAMES = ['switchyard', 'flagd'];

/**
 * Scenarios with a hand-written floor (`floors[scenario.id]`) time it as a third engine.
 * @param {{ instances: { switchyard: any, flagd: any }, floors?: Record<string, (context: object) => any>,
 *   scenarios: any[], contexts: object[], rounds: number, warmupPasses: number,
 *   onRound?: (round: number) => void }} input
 * @returns {Array<{ scenario: any, samples: Record<string, number[]>, medianNs: Record<string, number>,
 *   spread: Record<string, number>, sinks: Record<string, number> }>} samples in ns per evaluation
 *   (`floor` entries only for scenarios that have one)
 */
export function benchEvaluation({
  instances,
  floors = {},
  scenarios,
  contexts,
  rounds,
  warmupPasses,
  onRound,
}) {
  const pass = (engine, scenario) =>
    engine === 'floor'
      ? floorLoop(floors[scenario.id], contexts)
      : LOOPS[engine][scenario.type](instances[engine], scenario.flagKey, scenario.defaultValue, contexts);
  const enginesOf = (scenario) => (floors[scenario.id] ? [...ENGINE_NAMES, 'floor'] : ENGINE_NAMES);

  for (let i = 0; i < warmupPasses; i++) {
    for (const scenario of scenarios) for (const engine of enginesOf(scenario)) pass(engine, scenario);
  }

  const results = scenarios.map((scenario) => ({
    scenario,
    engines: enginesOf(scenario),
    samples: Object.fromEntries(enginesOf(scenario).map((engine) => [engine, []])),
    sinks: Object.fromEntries(enginesOf(scenario).map((engine) => [engine, 0])),
  }));
  for (let round = 0; round < rounds; round++) {
    for (const entry of results) {
      const order = round % 2 === 0 ? entry.engines : [...entry.engines].reverse();
      for (const engine of order) {
        const { ns, result } = timeOnce(() => pass(engine, entry.scenario));
        entry.samples[engine].push(ns / contexts.length);
        entry.sinks[engine] = result;
      }
    }
    onRound?.(round + 1);
  }

  const perEngine = (entry, summarise) =>
    Object.fromEntries(entry.engines.map((engine) => [engine, summarise(entry.samples[engine])]));
  return results.map((entry) => ({
    ...entry,
    medianNs: perEngine(entry, median),
    spread: perEngine(entry, spread),
  }));
}
