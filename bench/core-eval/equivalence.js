/**
 * Checks that both engines give the same answer, field by field, for every context.
 */
import { resolveWithFlagd, resolveWithSwitchyard } from './engines.js';

/** The resolution fields a caller observes; flag metadata is empty in every scenario flag. */
export const COMPARED_FIELDS = ['value', 'variant', 'reason', 'errorCode'];

/**
 * @param {{ switchyard: any, flagd: any, scenario: any, contexts: object[], exampleLimit?: number }} input
 * @returns {{ checked: number, mismatches: number, examples: object[], variants: Map<string, number> }}
 *   `variants` counts flagd-core's variants, to show what the contexts exercised.
 */
export function compareScenario({ switchyard, flagd, scenario, contexts, exampleLimit = 5 }) {
  const examples = [];
  const variants = new Map();
  let mismatches = 0;
  for (const context of contexts) {
    const ours = resolveWithSwitchyard(switchyard, scenario, context);
    const theirs = resolveWithFlagd(flagd, scenario, context);
    const key = String(theirs.variant);
    variants.set(key, (variants.get(key) ?? 0) + 1);
    const differing = COMPARED_FIELDS.filter((field) => !Object.is(ours[field], theirs[field]));
    if (differing.length === 0) continue;
    mismatches++;
    if (examples.length < exampleLimit) {
      examples.push({
        scenario: scenario.id ?? scenario.flagKey,
        context,
        switchyard: pick(ours, differing),
        flagd: pick(theirs, differing),
      });
    }
  }
  return { checked: contexts.length, mismatches, examples, variants };
}

function pick(details, fields) {
  return Object.fromEntries(fields.map((field) => [field, details[field]]));
}

/**
 * Checks a hand-written floor against flagd-core the same way, so the floor cannot be faster by
 * being wrong.
 * @param {{ fn: (context: object) => any, flagd: any, scenario: any, contexts: object[], exampleLimit?: number }} input
 */
export function compareFloor({ fn, flagd, scenario, contexts, exampleLimit = 5 }) {
  const floor = { resolveBoolean: (_key, _default, context) => fn(context) };
  floor.resolveString = floor.resolveBoolean;
  return compareScenario({ switchyard: floor, flagd, scenario, contexts, exampleLimit });
}
