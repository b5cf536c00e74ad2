import { readBodyFile } from '../args/body-file.js';
import { CliUsageError } from '../errors.js';
import { jsonObjectOption, looksLikeJson, numberOf, percentOf } from '../rollout/spec-values.js';
import { parseMetricOption } from './metric-spec.js';

export interface CreateValues {
  readonly design?: string | undefined;
  readonly key?: string | undefined;
  readonly flag?: string | undefined;
  readonly control?: string | undefined;
  readonly weights?: string | undefined;
  readonly 'primary-metric'?: string | undefined;
  readonly 'secondary-metric'?: readonly string[] | undefined;
  readonly 'guardrail-metric'?: readonly string[] | undefined;
  readonly name?: string | undefined;
  readonly hypothesis?: string | undefined;
  readonly mde?: string | undefined;
  readonly alpha?: string | undefined;
  readonly power?: string | undefined;
  readonly 'attribution-window'?: string | undefined;
  readonly sequential?: boolean | undefined;
  readonly salt?: string | undefined;
}

/** Without --design, these options are the least an experiment needs. */
const REQUIRED = ['key', 'flag', 'control', 'weights', 'primary-metric'] as const;
const TEXT_FIELDS = [
  ['key', 'key'],
  ['flag', 'flag'],
  ['name', 'name'],
  ['hypothesis', 'hypothesis'],
  ['control', 'control'],
  ['salt', 'salt'],
] as const;

/**
 * The body of `POST …/experiments`: the design file's content (JSON or YAML, the API body's shape),
 * each field given as an option set or replaced by the option (--secondary-metric and
 * --guardrail-metric replace the whole list). The server checks the result and names every problem
 * with its path in the body.
 */
export async function createBody(
  values: CreateValues,
  cwd: string,
  command: string,
): Promise<Record<string, unknown>> {
  if (values.design === undefined) {
    const missing = REQUIRED.filter((name) => values[name] === undefined).map((name) => `--${name}`);
    if (missing.length > 0) {
      const list = missing.length === 1 ? `option '${missing[0]}' is` : `options ${missing.join(', ')} are`;
      throw new CliUsageError(`${list} required (or give the whole design with --design FILE)`, command);
    }
  }
  // Every option is checked before the file is read: a usage error comes first.
  const fields: Record<string, unknown> = {};
  for (const [option, field] of TEXT_FIELDS) {
    const value = values[option];
    if (value !== undefined) fields[field] = value;
  }
  if (values.weights !== undefined) fields.weights = parseWeights(values.weights, command);
  const primary = values['primary-metric'];
  if (primary !== undefined) fields.primaryMetric = parseMetricOption(primary, '--primary-metric', command);
  for (const [option, field] of [
    ['secondary-metric', 'secondaryMetrics'],
    ['guardrail-metric', 'guardrailMetrics'],
  ] as const) {
    const list = values[option];
    if (list !== undefined) fields[field] = list.map((m) => parseMetricOption(m, `--${option}`, command));
  }
  if (values.mde !== undefined) fields.minimumDetectableEffect = fraction(values.mde, 'mde', command);
  if (values.alpha !== undefined) fields.alpha = fraction(values.alpha, 'alpha', command);
  if (values.power !== undefined) fields.power = fraction(values.power, 'power', command);
  const window = values['attribution-window'];
  if (window !== undefined) fields.attributionWindow = window === 'none' ? null : window;
  if (values.sequential) fields.sequential = true;
  const body =
    values.design === undefined
      ? {}
      : await readBodyFile(values.design, cwd, {
          noun: 'the design',
          what: 'an experiment design',
          body: 'POST …/experiments',
        });
  return { ...body, ...fields };
}

/** `off=50,on=50` (or a JSON object) → `{ off: 50, on: 50 }`; the server checks the names and numbers. */
export function parseWeights(text: string, command: string): Record<string, unknown> {
  if (looksLikeJson(text)) return jsonObjectOption(text, '--weights', command);
  const weights: Record<string, unknown> = {};
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    const variant = part.slice(0, Math.max(equals, 0)).trim();
    const weight = numberOf(part.slice(equals + 1).trim());
    if (equals <= 0 || variant === '' || weight === undefined) {
      throw new CliUsageError(
        `option '--weights' '${text}': write VARIANT=WEIGHT pairs separated by commas, e.g. 'off=50,on=50' ('${part.trim()}' is not one)`,
        command,
      );
    }
    if (Object.hasOwn(weights, variant))
      throw new CliUsageError(`option '--weights' '${text}': variant '${variant}' is given twice`, command);
    weights[variant] = weight;
  }
  return weights;
}

/** `5%` or `0.05`. */
function fraction(text: string, name: string, command: string): number {
  const value = percentOf(text.trim()) ?? numberOf(text.trim());
  if (value === undefined)
    throw new CliUsageError(
      `option '--${name}' must be a number or a percentage (0.05 or 5%), got '${text}'`,
      command,
    );
  return value;
}
