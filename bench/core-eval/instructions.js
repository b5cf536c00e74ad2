#!/usr/bin/env node
/**
 * Runs one scenario for a given number of passes after warming every scenario through the
 * benchmark's own loops, for instruction counting under callgrind (see count-instructions.sh):
 * the difference between two pass counts is the cost of those passes alone.
 * Usage: node bench/core-eval/instructions.js <S1|S2|S3|S4> <passes>
 */
import { FlagSet } from '@switchyard/core';
import { LOOPS } from './loops.js';
import { buildContexts, buildScenarioDocument, SCENARIOS } from './scenarios.js';

export const CONTEXTS = 20_000;
const WARMUP_PASSES = 10;

const [id, passText] = process.argv.slice(2);
const scenario = SCENARIOS.find((candidate) => candidate.id === id);
const passes = Number(passText);
if (!scenario || !Number.isInteger(passes) || passes < 0) {
  console.error('usage: node bench/core-eval/instructions.js <S1|S2|S3|S4> <passes>');
  process.exit(2);
}
const contexts = buildContexts(CONTEXTS);
const set = FlagSet.parse(JSON.stringify(buildScenarioDocument()));
const run = (s) => LOOPS.switchyard[s.type](set, s.flagKey, s.defaultValue, contexts);
// Every scenario shares the loops and the evaluator's code, as in run.js.
for (let i = 0; i < WARMUP_PASSES; i++) for (const s of SCENARIOS) run(s);
globalThis.gc?.();
let sink = 0;
for (let i = 0; i < passes; i++) sink += run(scenario);
console.log(`${id} ${passes} passes, sink ${sink}`);
