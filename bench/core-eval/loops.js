/**
 * The timed inner loops. Each engine and result type has its own function on purpose: one
 * shared loop would see both engines at the same call site, and V8's inline caches would then
 * penalise whichever engine ran second. Each loop sums variant lengths so the JIT cannot drop
 * the resolutions, and both engines must produce the same sum.
 */
import { SILENT_LOGGER } from './engines.js';

export function switchyardBooleanLoop(set, flagKey, defaultValue, contexts) {
  let sink = 0;
  for (let i = 0; i < contexts.length; i++) {
    const details = set.resolveBoolean(flagKey, defaultValue, contexts[i]);
    sink += details.variant === undefined ? 0 : details.variant.length;
  }
  return sink;
}

export function switchyardStringLoop(set, flagKey, defaultValue, contexts) {
  let sink = 0;
  for (let i = 0; i < contexts.length; i++) {
    const details = set.resolveString(flagKey, defaultValue, contexts[i]);
    sink += details.variant === undefined ? 0 : details.variant.length;
  }
  return sink;
}

export function flagdBooleanLoop(core, flagKey, defaultValue, contexts) {
  let sink = 0;
  for (let i = 0; i < contexts.length; i++) {
    const details = core.resolveBooleanEvaluation(flagKey, defaultValue, contexts[i], SILENT_LOGGER);
    sink += details.variant === undefined ? 0 : details.variant.length;
  }
  return sink;
}

export function flagdStringLoop(core, flagKey, defaultValue, contexts) {
  let sink = 0;
  for (let i = 0; i < contexts.length; i++) {
    const details = core.resolveStringEvaluation(flagKey, defaultValue, contexts[i], SILENT_LOGGER);
    sink += details.variant === undefined ? 0 : details.variant.length;
  }
  return sink;
}

/** The loop each engine uses for a scenario's result type. */
export const LOOPS = {
  switchyard: { boolean: switchyardBooleanLoop, string: switchyardStringLoop },
  flagd: { boolean: flagdBooleanLoop, string: flagdStringLoop },
};
