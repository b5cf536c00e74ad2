import { readBodyFile } from '../args/body-file.js';
import { CliUsageError } from '../errors.js';
import { parseGuardrailOption } from './guardrail-spec.js';
import { parseRingOption } from './ring-spec.js';
import { parseScheduleOption } from './schedule-spec.js';
import { numberOf } from './spec-values.js';

export interface StartValues {
  readonly plan?: string | undefined;
  readonly flag?: string | undefined;
  readonly variant?: string | undefined;
  readonly control?: string | undefined;
  readonly 'safe-variant'?: string | undefined;
  readonly schedule?: string | undefined;
  readonly ring?: readonly string[] | undefined;
  readonly guardrail?: readonly string[] | undefined;
  readonly 'no-guardrails'?: boolean | undefined;
  readonly 'min-samples'?: string | undefined;
}

/** The body fields each option sets, in the order the API documents them. */
const FIELDS = [
  ['flag', 'flag'],
  ['variant', 'variant'],
  ['control', 'control'],
  ['safe-variant', 'safeVariant'],
  ['schedule', 'schedule'],
] as const;

/** Without --plan, these options are the least a rollout needs. */
const REQUIRED = ['flag', 'variant', 'control', 'schedule'] as const;

/**
 * The body of `POST …/rollouts`: the plan file's content (JSON or YAML, the API body's shape), with
 * each field given as an option set or replaced by the option (--ring and --guardrail replace the
 * whole list). The server checks the result and reports any problem with its path in the body.
 */
export async function startBody(
  values: StartValues,
  cwd: string,
  command: string,
): Promise<Record<string, unknown>> {
  if (values.guardrail !== undefined && values['no-guardrails']) {
    throw new CliUsageError("options '--guardrail' and '--no-guardrails' cannot be used together", command);
  }
  if (values.plan === undefined) {
    const missing = REQUIRED.filter((name) => values[name] === undefined).map((name) => `--${name}`);
    if (missing.length > 0) {
      const list = missing.length === 1 ? `option '${missing[0]}' is` : `options ${missing.join(', ')} are`;
      throw new CliUsageError(`${list} required (or give the whole plan with --plan FILE)`, command);
    }
    if (values.guardrail === undefined && !values['no-guardrails']) {
      throw new CliUsageError(
        "give at least one '--guardrail' (e.g. --guardrail 'error-rate<0.02'), or '--no-guardrails' for a ramp gated by time alone",
        command,
      );
    }
  }
  // Every option is checked before the file is read: a usage error comes first.
  const fields: Record<string, unknown> = {};
  for (const [option, field] of FIELDS) {
    const value = values[option];
    if (value === undefined) continue;
    fields[field] = option === 'schedule' ? parseScheduleOption(value, command) : value;
  }
  if (values.ring !== undefined) fields.rings = values.ring.map((ring) => parseRingOption(ring, command));
  if (values.guardrail !== undefined) {
    fields.guardrails = values.guardrail.map((guardrail) => parseGuardrailOption(guardrail, command));
  }
  if (values['no-guardrails']) fields.guardrails = [];
  const minSamples = values['min-samples'];
  if (minSamples !== undefined) {
    const number = numberOf(minSamples);
    if (number === undefined) {
      throw new CliUsageError(`option '--min-samples' must be a number, got '${minSamples}'`, command);
    }
    fields.minSamples = number;
  }
  const body =
    values.plan === undefined
      ? {}
      : await readBodyFile(values.plan, cwd, {
          noun: 'the plan',
          what: 'a rollout plan',
          body: 'POST …/rollouts',
        });
  return { ...body, ...fields };
}
