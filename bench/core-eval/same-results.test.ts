import { FlagdCore } from '@openfeature/flagd-core';
import { FlagSet } from '@switchyard/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFlagd, loadSwitchyard } from './engines.js';
import { compareFloor, compareScenario } from './equivalence.js';
import { handWrittenFloors } from './floor.js';
import {
  buildContexts,
  buildLoadDocumentText,
  buildScenarioDocument,
  loadFlagKey,
  SCENARIOS,
} from './scenarios.js';

// The benchmark's own inputs, smaller: the first 5,000 of its 100,000 contexts.
const SAMPLE_SIZE = 5_000;
const LOAD_FLAGS = 100;
const LOAD_SAMPLE_SIZE = 300;

describe('core-eval scenarios resolve identically in @switchyard/core and flagd-core', () => {
  const contexts = buildContexts(SAMPLE_SIZE);
  const scenarioDocument = buildScenarioDocument();
  let instances: { switchyard: unknown; flagd: unknown };

  beforeAll(() => {
    const text = JSON.stringify(scenarioDocument);
    instances = { switchyard: loadSwitchyard(FlagSet, text), flagd: loadFlagd(FlagdCore, text) };
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.id} ${scenario.title}: value, variant, reason and errorCode match for every context`, () => {
      const comparison = compareScenario({ ...instances, scenario, contexts });
      expect(comparison.examples).toEqual([]);
      expect(comparison.mismatches).toBe(0);
      expect(comparison.checked).toBe(SAMPLE_SIZE);
    });
  }

  it('the hand-written S2 and S4 (the floor) give the same results as flagd-core', () => {
    const floors = handWrittenFloors() as Record<string, (context: object) => unknown>;
    for (const id of ['S2', 'S4']) {
      const scenario = SCENARIOS.find((candidate) => candidate.id === id)!;
      const comparison = compareFloor({ fn: floors[id]!, flagd: instances.flagd, scenario, contexts });
      expect(comparison.examples).toEqual([]);
      expect(comparison.mismatches).toBe(0);
      expect(comparison.checked).toBe(SAMPLE_SIZE);
    }
  });

  it('the sample reaches every outcome of S2, S3 and every S4 rule', () => {
    const reached = (flagKey: string) => {
      const scenario = SCENARIOS.find((candidate) => candidate.flagKey === flagKey)!;
      return [...compareScenario({ ...instances, scenario, contexts }).variants.keys()].sort();
    };
    expect(reached('s2-plan-country')).toEqual(['off', 'on']);
    expect(reached('s3-fractional')).toEqual(['off', 'on']);
    expect(reached('s4-nine-rules')).toEqual(
      Object.keys(scenarioDocument.flags['s4-nine-rules'].variants).sort(),
    );
  });

  it(`a set of ${LOAD_FLAGS} S4-shaped flags, each with its own id list, resolves identically`, () => {
    const text = buildLoadDocumentText(LOAD_FLAGS);
    const loaded = { switchyard: loadSwitchyard(FlagSet, text), flagd: loadFlagd(FlagdCore, text) };
    const sample = contexts.slice(0, LOAD_SAMPLE_SIZE);
    let mismatches = 0;
    for (let index = 0; index < LOAD_FLAGS; index++) {
      const flagKey = loadFlagKey(index);
      const scenario = { id: flagKey, flagKey, type: 'string', defaultValue: 'fallback' };
      const comparison = compareScenario({ ...loaded, scenario, contexts: sample, exampleLimit: 1 });
      expect(comparison.examples).toEqual([]);
      mismatches += comparison.mismatches;
    }
    expect(mismatches).toBe(0);
  });
});
