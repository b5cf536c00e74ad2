import {
  conversionSampleSize,
  InvalidArgumentError,
  meanSampleSize,
  type SampleSizePlan,
} from '@switchyard/stats';
import { groupDigits, tidyNumber } from '../args/number-values.js';
import { CliUsageError } from '../errors.js';
import { formatTable } from '../text/table.js';
import { SAMPLE_SIZE, type SampleSizeRequest } from './sample-size-options.js';

/** The plan with what it was computed from: `--format json` prints this object. */
export interface SampleSizeRecord {
  readonly perVariant: number;
  readonly total: number;
  readonly variants: number;
  readonly metric: 'conversion' | 'mean';
  readonly baseline?: number;
  readonly mean?: number;
  readonly stdDev?: number;
  readonly variance?: number;
  readonly mde: number;
  readonly mdeType: 'relative' | 'absolute';
  readonly absoluteEffect: number;
  readonly alpha: number;
  readonly comparisonAlpha: number;
  readonly power: number;
  readonly dailyTraffic?: number;
  readonly durationDays?: number;
}

/** Options named in a message of the stats package, by the field it names. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  baseline: '--baseline',
  mean: '--mean',
  variance: '--variance',
  mde: '--mde',
  mdeType: '--mde-type',
  alpha: '--alpha',
  power: '--power',
  variants: '--variants',
  dailyTraffic: '--daily-traffic',
};

/** Computes the plan with `@switchyard/stats` (the formulas live there, not here). */
export function planSampleSize(request: SampleSizeRequest): SampleSizeRecord {
  const { settings } = request;
  let plan: SampleSizePlan;
  try {
    plan =
      request.metric === 'conversion'
        ? conversionSampleSize({ ...settings, baseline: request.baseline })
        : meanSampleSize({ ...settings, variance: request.variance, mean: request.mean });
  } catch (error) {
    // The options are checked before; should the package still refuse a value, name it as an option.
    if (error instanceof InvalidArgumentError && OPTION_OF_FIELD[error.field] !== undefined) {
      const option =
        request.metric === 'mean' && request.stdDev !== undefined && error.field === 'variance'
          ? '--std-dev'
          : OPTION_OF_FIELD[error.field];
      throw new CliUsageError(
        `option '${option}' ${error.message.slice(error.field.length + 1)}`,
        SAMPLE_SIZE,
      );
    }
    throw error;
  }
  const metric =
    request.metric === 'conversion'
      ? { metric: 'conversion' as const, baseline: request.baseline }
      : {
          metric: 'mean' as const,
          ...(request.mean !== undefined && { mean: request.mean }),
          stdDev: request.stdDev ?? tidyNumber(Math.sqrt(request.variance)),
          variance: tidyNumber(request.variance),
        };
  return {
    perVariant: plan.perVariant,
    total: plan.total,
    variants: plan.variants,
    ...metric,
    mde: settings.mde,
    mdeType: settings.mdeType,
    absoluteEffect: tidyNumber(plan.absoluteEffect),
    alpha: plan.alpha,
    comparisonAlpha: plan.comparisonAlpha,
    power: plan.power,
    ...(settings.dailyTraffic !== undefined && {
      dailyTraffic: settings.dailyTraffic,
      durationDays: plan.durationDays,
    }),
  };
}

/** A headline, the inputs as the plan read them, and a note on Bonferroni with more than two variants. */
export function formatSampleSizeText(record: SampleSizeRecord): string {
  const rows: string[][] = [
    ['metric', metricLine(record)],
    ['effect', effectLine(record)],
    ['test', testLine(record)],
  ];
  if (record.durationDays !== undefined && record.dailyTraffic !== undefined) {
    rows.push([
      'duration',
      `${dayCount(record.durationDays)} at ${groupDigits(record.dailyTraffic)} units a day, all variants together`,
    ]);
  }
  const lines = [
    `${groupDigits(record.perVariant)} units per variant, ${groupDigits(record.total)} in total over ${record.variants} variants.\n`,
    formatTable(rows, '  '),
  ];
  if (record.variants > 2) {
    const comparisons = record.variants - 1;
    lines.push(
      `Bonferroni: each of the ${comparisons} treatments is compared with the control at alpha ${formatNumber(record.comparisonAlpha)}\n` +
        `(${formatNumber(record.alpha)} / ${comparisons}), so the chance of any false positive stays at most ${formatNumber(record.alpha)}.\n`,
    );
  }
  return lines.join('');
}

function metricLine(record: SampleSizeRecord): string {
  if (record.metric === 'conversion') return `conversion rate, baseline ${percent(record.baseline!)}`;
  const mean = record.mean === undefined ? 'mean' : `mean ${formatNumber(record.mean)}`;
  return `${mean}, standard deviation ${formatNumber(record.stdDev!)} (variance ${formatNumber(record.variance!)})`;
}

function effectLine(record: SampleSizeRecord): string {
  const effect = formatNumber(record.absoluteEffect);
  if (record.metric === 'conversion') {
    const from = record.baseline!;
    const to = percent(from + record.absoluteEffect);
    return record.mdeType === 'relative'
      ? `+${percent(record.mde)} relative: ${percent(from)} → ${to} (absolute ${effect})`
      : `+${effect} absolute: ${percent(from)} → ${to}`;
  }
  if (record.mean === undefined) return `+${effect} absolute`;
  const to =
    record.mdeType === 'relative' ? record.mean * (1 + record.mde) : record.mean + record.absoluteEffect;
  const shift = `${formatNumber(record.mean)} → ${formatNumber(to)}`;
  return record.mdeType === 'relative'
    ? `+${percent(record.mde)} relative: ${shift} (absolute ${effect})`
    : `+${effect} absolute: ${shift}`;
}

function testLine(record: SampleSizeRecord): string {
  const perComparison =
    record.comparisonAlpha === record.alpha
      ? ''
      : ` (${formatNumber(record.comparisonAlpha)} per comparison)`;
  return `two-sided, alpha ${formatNumber(record.alpha)}${perComparison}, power ${formatNumber(record.power)}`;
}

function dayCount(days: number): string {
  return `${groupDigits(days)} ${days === 1 ? 'day' : 'days'}`;
}

/**
 * Six significant digits are plenty to read (a Bonferroni level of 0.05 / 3 shows as 0.0166667), but
 * a large figure keeps every digit before its decimal point.
 */
function formatNumber(value: number): string {
  const integerDigits = value === 0 ? 1 : Math.floor(Math.log10(Math.abs(value))) + 1;
  return String(Number(value.toPrecision(Math.min(21, Math.max(6, integerDigits)))));
}

function percent(fraction: number): string {
  return `${formatNumber(fraction * 100)}%`;
}
