/**
 * How each engine is loaded and called. Classes are passed in so the bench can use the built
 * `@switchyard/core` and the test its TypeScript source.
 */

/** flagd-core logs through this; a silent logger keeps console I/O out of the measurements. */
export const SILENT_LOGGER = Object.freeze({ error() {}, warn() {}, info() {}, debug() {} });

/**
 * @param {{ parse(text: string): any }} FlagSet
 * @param {string} text flag-set JSON
 */
export function loadSwitchyard(FlagSet, text) {
  return FlagSet.parse(text);
}

/**
 * @param {new (storage?: unknown, logger?: unknown) => any} FlagdCore
 * @param {string} text flag-set JSON
 */
export function loadFlagd(FlagdCore, text) {
  const core = new FlagdCore(undefined, SILENT_LOGGER);
  core.setConfigurations(text);
  return core;
}

/**
 * One typed resolution through `@switchyard/core`.
 * @param {any} set a FlagSet
 * @param {{ flagKey: string, type: 'boolean' | 'string', defaultValue: any }} scenario
 * @param {object} context
 */
export function resolveWithSwitchyard(set, scenario, context) {
  return scenario.type === 'boolean'
    ? set.resolveBoolean(scenario.flagKey, scenario.defaultValue, context)
    : set.resolveString(scenario.flagKey, scenario.defaultValue, context);
}

/**
 * One typed resolution through `@openfeature/flagd-core`.
 * @param {any} core a FlagdCore
 * @param {{ flagKey: string, type: 'boolean' | 'string', defaultValue: any }} scenario
 * @param {object} context
 */
export function resolveWithFlagd(core, scenario, context) {
  return scenario.type === 'boolean'
    ? core.resolveBooleanEvaluation(scenario.flagKey, scenario.defaultValue, context, SILENT_LOGGER)
    : core.resolveStringEvaluation(scenario.flagKey, scenario.defaultValue, context, SILENT_LOGGER);
}
