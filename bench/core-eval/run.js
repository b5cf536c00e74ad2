#!/usr/bin/env node
/**
 * Evaluator benchmark: @switchyard/core against @openfeature/flagd-core on the same flags and
 * contexts, in one process. Exits 1 on usage errors or when the engines disagree; a missed
 * performance target is reported as FAIL but does not change the exit code.
 */
import { cpus, loadavg } from 'node:os';
import { FlagdCore } from '@openfeature/flagd-core';
import { loadFlagd, loadSwitchyard } from './engines.js';
import { compareFloor, compareScenario } from './equivalence.js';
import { benchEvaluation } from './evaluation-bench.js';
import { handWrittenFloors } from './floor.js';
import { benchHeap } from './heap-bench.js';
import { benchLoad } from './load-bench.js';
import { parseOptions } from './options.js';
import { evaluationTable, heapTable, loadTable, noiseWarning, requirementLines } from './report.js';
import {
  buildContexts,
  buildLoadDocumentText,
  buildScenarioDocument,
  loadFlagKey,
  SCENARIOS,
} from './scenarios.js';

const LOAD_SPOT_CHECK_FLAGS = 10;
const LOAD_SPOT_CHECK_CONTEXTS = 1_000;

async function importSwitchyardCore() {
  try {
    return await import('@switchyard/core');
  } catch (error) {
    throw new Error(`cannot import @switchyard/core (${error.message}); run 'npm run build' first`);
  }
}

function environmentLine() {
  const [one, five] = loadavg();
  return (
    `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'unknown cpu'}, ` +
    `load average ${one.toFixed(2)} / ${five.toFixed(2)} (1 / 5 min)`
  );
}

/** Prints the first differences and returns their total count. */
function reportMismatches(label, comparisons) {
  let total = 0;
  for (const { name, comparison } of comparisons) {
    total += comparison.mismatches;
    const variants = [...comparison.variants].map(([variant, count]) => `${variant} ${count}`).join(', ');
    console.log(
      `  ${name}: ${comparison.checked} checked, ${comparison.mismatches} mismatches (${variants})`,
    );
    for (const example of comparison.examples) console.log(`    ${JSON.stringify(example)}`);
  }
  if (total > 0) {
    console.error(`\n*** ${label}: RESULTS DIFFER from the reference on ${total} resolutions ***`);
    console.error('*** No figure of this run is valid; exiting with status 1. ***\n');
  }
  return total;
}

/** The hand-written floors must give flagd-core's answers too, or their speed means nothing. */
function checkFloors(floors, flagd, contexts) {
  console.log('Floor gate: the hand-written S2 and S4 against flagd-core on every context');
  const comparisons = SCENARIOS.filter((scenario) => floors[scenario.id]).map((scenario) => ({
    name: `${scenario.id} hand-written`,
    comparison: compareFloor({ fn: floors[scenario.id], flagd, scenario, contexts }),
  }));
  return reportMismatches('floor gate', comparisons);
}

function checkEquivalence(instances, contexts) {
  console.log(
    'Correctness gate: every context, every scenario, both engines (value, variant, reason, errorCode)',
  );
  const comparisons = SCENARIOS.map((scenario) => ({
    name: `${scenario.id} ${scenario.flagKey}`,
    comparison: compareScenario({
      switchyard: instances.switchyard,
      flagd: instances.flagd,
      scenario,
      contexts,
    }),
  }));
  return reportMismatches('correctness gate', comparisons);
}

function spotCheckLoaded(instances, flagCount, contexts) {
  console.log(
    `Spot check of the loaded sets: ${LOAD_SPOT_CHECK_FLAGS} flags x ${LOAD_SPOT_CHECK_CONTEXTS} contexts`,
  );
  const step = Math.max(1, Math.floor(flagCount / LOAD_SPOT_CHECK_FLAGS));
  const comparisons = [];
  for (let index = 0; index < flagCount && comparisons.length < LOAD_SPOT_CHECK_FLAGS; index += step) {
    const scenario = {
      id: loadFlagKey(index),
      flagKey: loadFlagKey(index),
      type: 'string',
      defaultValue: 'fallback',
    };
    const sample = contexts.slice(0, LOAD_SPOT_CHECK_CONTEXTS);
    comparisons.push({
      name: scenario.flagKey,
      comparison: compareScenario({ ...instances, scenario, contexts: sample }),
    });
  }
  return reportMismatches('load spot check', comparisons);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const { FlagSet } = await importSwitchyardCore();
  const started = Date.now();
  console.log(`core-eval benchmark: @switchyard/core vs @openfeature/flagd-core 4.x\n${environmentLine()}\n`);

  const contexts = buildContexts(options.contexts);
  const scenarioText = JSON.stringify(buildScenarioDocument());
  const instances = {
    switchyard: loadSwitchyard(FlagSet, scenarioText),
    flagd: loadFlagd(FlagdCore, scenarioText),
  };
  if (checkEquivalence(instances, contexts) > 0) return 1;
  const floors = handWrittenFloors();
  if (checkFloors(floors, instances.flagd, contexts) > 0) return 1;

  console.log(`\nTiming evaluation (${options.warmup} warm-up passes, ${options.rounds} rounds)...`);
  const results = benchEvaluation({
    instances,
    floors,
    scenarios: SCENARIOS,
    contexts,
    rounds: options.rounds,
    warmupPasses: options.warmup,
    onRound: (round) => process.stdout.write(`  round ${round}/${options.rounds}\r`),
  });
  const sinkMismatch = results.find(({ sinks }) => new Set(Object.values(sinks)).size !== 1);
  if (sinkMismatch) {
    console.error(
      `\n*** ${sinkMismatch.scenario.id}: the timed loops' RESULTS DIFFER ` +
        `(${JSON.stringify(sinkMismatch.sinks)}); exiting with status 1 ***`,
    );
    return 1;
  }

  console.log(`\nTiming load of ${options.loadFlags} flags...`);
  const loadText = buildLoadDocumentText(options.loadFlags);
  const load = benchLoad({
    text: loadText,
    FlagSet,
    FlagdCore,
    runs: { json: options.loadRuns, switchyard: options.loadRuns, flagd: options.flagdLoadRuns },
    onRun: (name, ms) => console.log(`  ${name.padEnd(10)} ${ms.toFixed(0)} ms`),
  });
  const loaded = { switchyard: loadSwitchyard(FlagSet, loadText), flagd: loadFlagd(FlagdCore, loadText) };
  if (spotCheckLoaded(loaded, options.loadFlags, contexts) > 0) return 1;
  loaded.switchyard = undefined;
  loaded.flagd = undefined;
  console.log('Measuring retained heap...');
  const heap = benchHeap({
    text: loadText,
    distinctText: buildLoadDocumentText(options.loadFlags, undefined, { distinct: true }),
    FlagSet,
    runs: 3,
    context: contexts[0],
  });

  console.log('');
  for (const line of evaluationTable(results, { rounds: options.rounds, contextCount: contexts.length }))
    console.log(line);
  console.log('');
  for (const line of loadTable(load, { flagCount: options.loadFlags, textBytes: loadText.length }))
    console.log(line);
  console.log('');
  for (const line of heapTable(heap, { flagCount: options.loadFlags })) console.log(line);
  console.log('\nRequirements');
  const { lines, failed } = requirementLines(results, load, heap, { flagCount: options.loadFlags });
  for (const line of lines) console.log(line);
  const warning = noiseWarning(results, load);
  if (warning) console.log(`\n${warning}`);
  console.log(
    `\n${failed === 0 ? 'All requirements met' : `${failed} requirement(s) not met`}; ` +
      `finished in ${((Date.now() - started) / 1000).toFixed(0)} s. ${environmentLine()}`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
