import { didYouMean } from '@switchyard/core';
import { CliUsageError } from '../errors.js';
import { jsonObjectOption, looksLikeJson } from './spec-values.js';

const OPTION = '--ring';
const FORM = "NAME=segment:KEY or NAME=condition:JSON (e.g. 'internal=segment:employees')";

/**
 * `--ring 'internal=segment:employees'` → `{ name: 'internal', segment: 'employees' }`;
 * `--ring 'beta=condition:{"in":["beta",{"var":"groups"}]}'` → `{ name: 'beta', condition: {…} }`.
 * A JSON object is taken as it is.
 */
export function parseRingOption(text: string, command: string): Record<string, unknown> {
  if (looksLikeJson(text)) return jsonObjectOption(text, OPTION, command);
  const equals = text.indexOf('=');
  const name = text.slice(0, Math.max(equals, 0)).trim();
  if (equals < 0 || name === '') {
    throw new CliUsageError(`option '${OPTION}' '${text}': write ${FORM}`, command);
  }
  const audience = text.slice(equals + 1).trim();
  const colon = audience.indexOf(':');
  const kind = colon < 0 ? audience : audience.slice(0, colon);
  const value = colon < 0 ? '' : audience.slice(colon + 1).trim();
  if (kind === 'segment' && value !== '') return { name, segment: value };
  if (kind === 'condition' && value !== '') {
    return { name, condition: jsonObjectOption(value, `${OPTION} ${name}=condition:`, command) };
  }
  const hint = colon < 0 ? '' : didYouMean(kind, ['segment', 'condition']);
  throw new CliUsageError(`option '${OPTION}' '${text}': write ${FORM}${hint}`, command);
}
