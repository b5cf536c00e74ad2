import { parseArgs } from 'node:util';
import { didYouMean } from '@switchyard/core';
import type { MdeType } from '@switchyard/stats';
import { decimalOf, percentageOf, tidyNumber } from '../args/number-values.js';
import { type OutputFormat, parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliUsageError } from '../errors.js';

export const SAMPLE_SIZE = 'stats sample-size';

const MDE_TYPES: readonly MdeType[] = ['relative', 'absolute'];
const PERCENT_OPTIONS = '--baseline, --mde, --alpha and --power';

export const sampleSizeOptions = {
  baseline: { type: 'string' },
  mean: { type: 'string' },
  'std-dev': { type: 'string' },
  variance: { type: 'string' },
  mde: { type: 'string' },
  'mde-type': { type: 'string' },
  alpha: { type: 'string' },
  power: { type: 'string' },
  variants: { type: 'string' },
  'daily-traffic': { type: 'string' },
  format: { type: 'string' },
} as const;

/** What every plan shares; the values are checked here, so the stats package only sees valid ones. */
export interface PlanSettings {
  readonly mde: number;
  readonly mdeType: MdeType;
  readonly alpha: number;
  readonly power: number;
  readonly variants: number;
  readonly dailyTraffic?: number;
}

export type SampleSizeRequest =
  | { readonly metric: 'conversion'; readonly baseline: number; readonly settings: PlanSettings }
  | {
      readonly metric: 'mean';
      /** Absent only with an absolute MDE, which does not need it. */
      readonly mean?: number;
      readonly variance: number;
      /** As given with --std-dev; absent when the spread came as --variance. */
      readonly stdDev?: number;
      readonly settings: PlanSettings;
    };

export interface SampleSizeCommandLine {
  readonly request: SampleSizeRequest;
  readonly format: OutputFormat;
}

const usage = (message: string) => new CliUsageError(message, SAMPLE_SIZE);

/**
 * Parses and checks `switchyard stats sample-size` arguments. Every problem is a `CliUsageError` that
 * names the option and what is wrong with it.
 */
export function parseSampleSizeArgs(args: readonly string[]): SampleSizeCommandLine {
  const { values } = parseCommandArgs(
    SAMPLE_SIZE,
    () => parseArgs({ args: [...args], options: sampleSizeOptions, allowPositionals: false, strict: true }),
    { options: sampleSizeOptions, args },
  );
  const format = parseOutputFormat(values.format, 'text', SAMPLE_SIZE);

  const meanOptions = (['mean', 'std-dev', 'variance'] as const).filter((name) => values[name] !== undefined);
  if (values.baseline !== undefined && meanOptions.length > 0) {
    throw usage(
      `options '--baseline' and '--${meanOptions[0]}' cannot be used together: --baseline plans a conversion rate, --mean with --std-dev or --variance a mean`,
    );
  }
  if (values['std-dev'] !== undefined && values.variance !== undefined) {
    throw usage("options '--std-dev' and '--variance' cannot be used together: give the spread one way");
  }
  if (values.baseline === undefined && meanOptions.length === 0) {
    throw usage(
      "option '--baseline RATE' is required (for a mean metric: '--mean M' with '--std-dev S' or '--variance V')",
    );
  }
  if (values.mde === undefined) throw usage("option '--mde EFFECT' is required");

  const mdeType = mdeTypeOption(values['mde-type']);
  const settings: PlanSettings = {
    // An absolute MDE of a mean is in the metric's units, where a percentage means nothing.
    mde: positive('mde', values.mde, values.baseline === undefined && mdeType === 'absolute'),
    mdeType,
    alpha: unitInterval('alpha', values.alpha, 0.05),
    power: unitInterval('power', values.power, 0.8),
    variants: variantsOption(values.variants),
    ...(values['daily-traffic'] !== undefined && { dailyTraffic: dailyTraffic(values['daily-traffic']) }),
  };

  if (values.baseline !== undefined) {
    const baseline = unitInterval('baseline', values.baseline, undefined);
    checkTreatmentRate(baseline, settings, values.baseline);
    return { request: { metric: 'conversion', baseline, settings }, format };
  }
  return { request: meanRequest(values, settings), format };
}

function meanRequest(
  values: { mean?: string; 'std-dev'?: string; variance?: string; mde?: string },
  settings: PlanSettings,
): SampleSizeRequest {
  const spread = values['std-dev'] ?? values.variance;
  if (spread === undefined) {
    throw usage(
      "a mean metric needs the spread of its values: option '--std-dev S' or '--variance V' is required with '--mean'",
    );
  }
  if (settings.mdeType === 'relative' && values.mean === undefined) {
    throw usage(
      "option '--mean M' is required with a relative --mde (the effect is a fraction of the mean); for an effect in the metric's units, add --mde-type absolute",
    );
  }
  const mean = values.mean === undefined ? undefined : plainNumber('mean', values.mean);
  if (mean === 0 && settings.mdeType === 'relative') {
    throw usage(
      "option '--mean' must not be 0 with a relative --mde (the effect is a fraction of the mean); for an effect in the metric's units, add --mde-type absolute",
    );
  }
  const spreadOption = values['std-dev'] !== undefined ? 'std-dev' : 'variance';
  const spreadValue = positive(spreadOption, spread, true);
  return {
    metric: 'mean',
    ...(mean !== undefined && { mean }),
    ...(spreadOption === 'std-dev'
      ? { stdDev: spreadValue, variance: spreadValue * spreadValue }
      : { variance: spreadValue }),
    settings,
  };
}

function mdeTypeOption(text: string | undefined): MdeType {
  if (text === undefined) return 'relative';
  if ((MDE_TYPES as readonly string[]).includes(text)) return text as MdeType;
  throw usage(
    `option '--mde-type' must be 'relative' or 'absolute', got '${text}'${didYouMean(text, MDE_TYPES)}`,
  );
}

/**
 * A rate or a level, strictly between 0 and 1, as a number or a percentage. A number between 1 and
 * 100 is probably a percentage written without its sign, and the error says how to write it.
 */
function unitInterval(name: string, text: string | undefined, fallback: number | undefined): number {
  if (text === undefined) return fallback!;
  const value = percentageOf(text) ?? numberOrPercentage(name, text);
  if (value > 0 && value < 1) return value;
  const asPercent = text.endsWith('%') ? undefined : percentageOf(`${text}%`);
  const hint =
    asPercent !== undefined && value > 1 && value < 100
      ? ` (for ${text}%, write ${asPercent} or ${text}%)`
      : '';
  throw usage(`option '--${name}' must be between 0 and 1 (exclusive), got '${text}'${hint}`);
}

/**
 * A number above 0. Percentages are accepted unless `unitsOnly`: a spread, or an absolute MDE of a
 * mean, is in the metric's own units, where 5% has no meaning.
 */
function positive(name: string, text: string, unitsOnly: boolean): number {
  let value: number;
  if (unitsOnly) {
    if (percentageOf(text) !== undefined) {
      const why =
        name === 'mde'
          ? "an absolute --mde of a mean is in the metric's units; for a change relative to the mean, give --mean M and leave out --mde-type absolute"
          : `percentages are for ${PERCENT_OPTIONS}`;
      throw usage(`option '--${name}' must be a number, got '${text}' (${why})`);
    }
    value = plainNumber(name, text);
  } else {
    value = percentageOf(text) ?? numberOrPercentage(name, text);
  }
  if (value > 0) return value;
  const detail = name === 'mde' ? ' (the size of the smallest change worth detecting, either way)' : '';
  throw usage(`option '--${name}' must be above 0${detail}, got '${text}'`);
}

/** The treatment's rate must stay a rate: a relative MDE of 100% on a 60% baseline would be 120%. */
function checkTreatmentRate(baseline: number, settings: PlanSettings, baselineText: string): void {
  // The same expression conversionSampleSize uses, so the two agree on the boundary.
  const treatment = settings.mdeType === 'relative' ? baseline * (1 + settings.mde) : baseline + settings.mde;
  if (treatment < 1) return;
  throw usage(
    `option '--mde' is too large for --baseline ${baselineText}: the treatment's rate would be ${tidyNumber(treatment)}, and a rate must be below 1`,
  );
}

function variantsOption(text: string | undefined): number {
  if (text === undefined) return 2;
  const value = decimalOf(text);
  if (value !== undefined && Number.isSafeInteger(value) && value >= 2) return value;
  throw usage(
    `option '--variants' must be a whole number of at least 2 (the control counts as one), got '${text}'`,
  );
}

function dailyTraffic(text: string): number {
  const value = plainNumber('daily-traffic', text);
  if (value > 0) return value;
  throw usage(`option '--daily-traffic' must be a number of units per day above 0, got '${text}'`);
}

function plainNumber(name: string, text: string): number {
  const value = decimalOf(text);
  if (value !== undefined) return value;
  const why = percentageOf(text) !== undefined ? ` (percentages are for ${PERCENT_OPTIONS})` : '';
  throw usage(`option '--${name}' must be a number, got '${text}'${why}`);
}

function numberOrPercentage(name: string, text: string): number {
  const value = decimalOf(text);
  if (value !== undefined) return value;
  throw usage(`option '--${name}' must be a number or a percentage (0.05 or 5%), got '${text}'`);
}
