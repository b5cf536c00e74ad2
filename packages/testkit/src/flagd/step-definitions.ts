import { expect } from 'vitest';
import { HarnessError } from './harness-errors.js';
import type { EvaluatorFactory, SuiteEvaluator, SuiteResolution } from './suite-evaluator.js';
import { convertValue, type FlagType, isFlagType } from './value-conversion.js';

/** Per-scenario state, reset for every pickle. */
export interface ScenarioState {
  evaluator?: SuiteEvaluator;
  flag?: { type: FlagType; key: string; defaultValue: unknown };
  context: Record<string, unknown>;
  options: Record<string, string>;
  result?: SuiteResolution;
  /** Assertion steps executed; a scenario that asserted nothing must not pass. */
  assertions: number;
}

export interface StepEnvironment {
  readonly createEvaluator: EvaluatorFactory;
}

export interface StepDefinition {
  /** Anchored regex over the step text (keyword excluded); capture groups become `args`. */
  readonly pattern: RegExp;
  readonly assertion?: boolean;
  run(state: ScenarioState, args: string[], table: string[][] | undefined, env: StepEnvironment): unknown;
}

export function newScenarioState(): ScenarioState {
  return { context: {}, options: {}, assertions: 0 };
}

function requireResult(state: ScenarioState): SuiteResolution {
  if (!state.result)
    throw new HarnessError('STEP_ORDER', 'assertion before "the flag was evaluated with details"');
  return state.result;
}

function requireFlag(state: ScenarioState): NonNullable<ScenarioState['flag']> {
  if (!state.flag) throw new HarnessError('STEP_ORDER', 'no "a <Type>-flag with key …" step before this one');
  return state.flag;
}

/** An empty cell means "absent" for error codes and variants. */
function optional(text: string): string | undefined {
  return text === '' ? undefined : text;
}

/** Options a pure evaluator can honour: it has no cache, so only "cache = disabled" is meaningful. */
function applyOption(state: ScenarioState, name: string, type: string, value: string): void {
  if (name === 'cache' && type === 'CacheType' && value.toLowerCase() === 'disabled') {
    state.options[name] = value;
    return;
  }
  throw new HarnessError('UNSUPPORTED_STEP', `option "${name}" (${type}) = "${value}" is not supported`);
}

function checkMetadataTable(table: string[][] | undefined): string[][] {
  const [header, ...rows] = table ?? [];
  if (header?.join('|') !== 'key|metadata_type|value' || rows.length === 0) {
    throw new HarnessError(
      'BAD_VALUE',
      'metadata table must have columns key | metadata_type | value and rows',
    );
  }
  return rows;
}

/**
 * Steps of the flagd evaluator suite and the flagd provider suites (testbed STEPS.md, sections A and B).
 * Connection, event and launchpad steps are deliberately absent: they fail as unknown steps.
 */
export const FLAGD_STEP_DEFINITIONS: readonly StepDefinition[] = [
  {
    pattern: /^an evaluator$/,
    async run(state, _args, _table, env) {
      state.evaluator = await env.createEvaluator();
    },
  },
  {
    pattern: /^a stable flagd provider$/,
    async run(state, _args, _table, env) {
      state.evaluator = await env.createEvaluator();
    },
  },
  {
    pattern: /^an? (?!stable )([\w-]+) flagd provider$/,
    run(_state, [kind]) {
      throw new HarnessError(
        'UNSUPPORTED_STEP',
        `"a ${kind} flagd provider" needs the flagd testbed launchpad`,
      );
    },
  },
  {
    pattern: /^an option "([^"]*)" of type "([^"]*)" with value "(.*)"$/,
    run(state, [name = '', type = '', value = '']) {
      applyOption(state, name, type, value);
    },
  },
  {
    pattern: /^an? (\w+)-flag with key "([^"]*)" and a (?:fallback|default) value "(.*)"$/,
    run(state, [type = '', key = '', raw = '']) {
      if (!isFlagType(type)) throw new HarnessError('BAD_VALUE', `unknown flag type "${type}"`);
      state.flag = { type, key, defaultValue: convertValue(raw, type) };
    },
  },
  {
    pattern: /^a context containing a key "([^"]*)", with type "([^"]*)" and with value "(.*)"$/,
    run(state, [key = '', type = '', raw = '']) {
      // A String cell is the text itself here, "null" included: the v3 vector "null | String | bucket8"
      // hashes the string "null". (Only defaults and expectations map the literal null to "absent".)
      state.context[key] = type === 'String' ? raw : convertValue(raw, type);
    },
  },
  {
    // The inner value stays a string, even "3" (reference step definitions do the same).
    pattern:
      /^a context containing a nested property with outer key "([^"]*)" and inner key "([^"]*)", with value "(.*)"$/,
    run(state, [outer = '', inner = '', value = '']) {
      const existing = state.context[outer];
      const target =
        typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : {};
      target[inner] = value;
      state.context[outer] = target;
    },
  },
  {
    pattern: /^a context containing a targeting key with value "(.*)"$/,
    run(state, [value = '']) {
      state.context.targetingKey = value;
    },
  },
  {
    pattern: /^the flag was evaluated with details$/,
    async run(state) {
      const flag = requireFlag(state);
      if (!state.evaluator)
        throw new HarnessError('STEP_ORDER', 'no evaluator or provider step before evaluation');
      state.result = await state.evaluator.evaluate(flag.type, flag.key, flag.defaultValue, state.context);
    },
  },
  {
    pattern: /^the resolved details value should be "(.*)"$/,
    assertion: true,
    run(state, [raw = '']) {
      const flag = requireFlag(state);
      expect(requireResult(state).value, `value of ${flag.key}`).toEqual(convertValue(raw, flag.type));
    },
  },
  {
    pattern: /^the reason should be "([^"]*)"$/,
    assertion: true,
    run(state, [reason = '']) {
      expect(requireResult(state).reason, `reason of ${requireFlag(state).key}`).toBe(reason);
    },
  },
  {
    pattern: /^the error-code should be "([^"]*)"$/,
    assertion: true,
    run(state, [code = '']) {
      expect(requireResult(state).errorCode, `error code of ${requireFlag(state).key}`).toBe(optional(code));
    },
  },
  {
    pattern: /^the variant should be "([^"]*)"$/,
    assertion: true,
    run(state, [variant = '']) {
      expect(requireResult(state).variant, `variant of ${requireFlag(state).key}`).toBe(optional(variant));
    },
  },
  {
    pattern: /^the resolved metadata should contain$/,
    assertion: true,
    run(state, _args, table) {
      const rows = checkMetadataTable(table);
      const metadata = requireResult(state).flagMetadata;
      for (const [key = '', type = '', raw = ''] of rows) {
        expect(metadata?.[key], `metadata "${key}" of ${requireFlag(state).key}`).toEqual(
          convertValue(raw, type),
        );
      }
    },
  },
  {
    pattern: /^the resolved metadata is empty$/,
    assertion: true,
    run(state) {
      expect(requireResult(state).flagMetadata, `metadata of ${requireFlag(state).key}`).toEqual({});
    },
  },
];
