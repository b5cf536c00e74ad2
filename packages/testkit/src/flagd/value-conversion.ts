import { HarnessError } from './harness-errors.js';

/** Types named in the steps (`a <Type>-flag`, `with type "T"`, `metadata_type`). */
export const FLAG_TYPES = ['Boolean', 'String', 'Integer', 'Float', 'Object'] as const;
export type FlagType = (typeof FLAG_TYPES)[number];
export type ValueType = FlagType | 'Long';

export function isFlagType(value: string): value is FlagType {
  return (FLAG_TYPES as readonly string[]).includes(value);
}

function parseNumber(raw: string, type: ValueType, parse: (text: string) => number): number {
  const value = parse(raw);
  if (Number.isNaN(value)) throw new HarnessError('BAD_VALUE', `"${raw}" is not a valid ${type}`);
  return value;
}

/**
 * Gherkin table cells unescape only `\|`, `\\` and `\n`, so some upstream Object cells reach us as
 * `{\"a\": 1}`. Plain JSON is tried first so a legitimately escaped quote inside a JSON string survives.
 */
function parseObject(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    try {
      return JSON.parse(raw.replaceAll('\\"', '"'));
    } catch (error) {
      throw new HarnessError('BAD_VALUE', `"${raw}" is not valid JSON: ${(error as Error).message}`);
    }
  }
}

/**
 * Converts a step argument to a typed value the way the reference flagd step definitions do
 * (`mapValueToType`). `\u…` stays literal text: Gherkin does not treat it as an escape and the
 * fractional v3 vectors depend on that.
 */
export function convertValue(raw: string, type: string): unknown {
  switch (type) {
    case 'String':
      return raw === 'null' ? undefined : raw;
    case 'Integer':
      return parseNumber(raw, type, (text) => Number.parseInt(text, 10));
    case 'Float':
    case 'Long':
      return parseNumber(raw, type, Number.parseFloat);
    case 'Boolean': {
      const lowered = raw.toLowerCase();
      if (lowered !== 'true' && lowered !== 'false') {
        throw new HarnessError('BAD_VALUE', `"${raw}" is not a Boolean (expected true or false)`);
      }
      return lowered === 'true';
    }
    case 'Object':
      return raw === 'null' ? undefined : parseObject(raw);
    default:
      throw new HarnessError('BAD_VALUE', `unknown value type "${type}" (value "${raw}")`);
  }
}
