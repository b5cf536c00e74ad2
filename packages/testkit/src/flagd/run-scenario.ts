import type { Pickle, PickleStep } from '@cucumber/messages';
import { HarnessError } from './harness-errors.js';
import {
  FLAGD_STEP_DEFINITIONS,
  newScenarioState,
  type StepDefinition,
  type StepEnvironment,
} from './step-definitions.js';

export interface StepMatch {
  readonly definition: StepDefinition;
  readonly args: string[];
}

/** Finds the single definition matching `text`; none or several is an error, never a silent pass. */
export function matchStep(
  text: string,
  definitions: readonly StepDefinition[] = FLAGD_STEP_DEFINITIONS,
): StepMatch {
  const matches: StepMatch[] = [];
  for (const definition of definitions) {
    const found = definition.pattern.exec(text);
    if (found) matches.push({ definition, args: found.slice(1).map((arg) => arg ?? '') });
  }
  const [first, second] = matches;
  if (!first) throw new HarnessError('UNKNOWN_STEP', `no step definition matches "${text}"`);
  if (second) {
    const patterns = matches.map((m) => m.definition.pattern.source).join(', ');
    throw new HarnessError('AMBIGUOUS_STEP', `"${text}" matches several step definitions: ${patterns}`);
  }
  return first;
}

function tableOf(step: PickleStep): string[][] | undefined {
  return step.argument?.dataTable?.rows.map((row) => row.cells.map((cell) => cell.value));
}

/** Runs one pickle step by step; rejects on the first failing step, naming it. */
export async function runScenario(
  pickle: Pickle,
  env: StepEnvironment,
  definitions: readonly StepDefinition[] = FLAGD_STEP_DEFINITIONS,
): Promise<void> {
  const state = newScenarioState();
  for (const step of pickle.steps) {
    try {
      const { definition, args } = matchStep(step.text, definitions);
      await definition.run(state, args, tableOf(step), env);
      if (definition.assertion) state.assertions += 1;
    } catch (error) {
      if (error instanceof Error) error.message = `step "${step.text}": ${error.message}`;
      throw error;
    }
  }
  if (state.assertions === 0) {
    throw new HarnessError('NO_ASSERTION', `scenario "${pickle.name}" has no assertion step`);
  }
}
