import { formatTable } from '../text/table.js';
import type { ExperimentResults, MetricResult } from './experiment-types.js';
import { count, effect, mean, percent, plain, pValue, relative } from './figures.js';

/** `results` as people read it: warnings first, then one table per metric, then the progress. */
export function formatResults(results: ExperimentResults): string {
  const out: string[] = [];
  for (const warning of results.warnings) out.push(`WARNING: ${warning}\n`);
  if (results.warnings.length > 0) out.push('\n');
  const since =
    results.status === 'running' && results.startedAt
      ? ` since ${results.startedAt}`
      : results.status === 'stopped' && results.stoppedAt
        ? ` at ${results.stoppedAt}`
        : '';
  out.push(
    `Results of experiment ${results.experiment} on flag ${results.flag} (${results.status}${since})\n`,
  );
  const level =
    results.method === 'sequential' ? 'always-valid' : `${plain((1 - results.comparisonAlpha) * 100)}%`;
  const method =
    results.method === 'sequential'
      ? `sequential (always-valid p-values and intervals), α ${plain(results.alpha)}`
      : `Welch's t-test, α ${plain(results.alpha)}`;
  const perComparison =
    results.comparisonAlpha === results.alpha
      ? ''
      : ` (each variant against control at ${plain(results.comparisonAlpha)}, Bonferroni)`;
  const excluded =
    results.excludedUnits === 0
      ? ''
      : ` (${count(results.excludedUnits)} excluded: exposed to more than one variant)`;
  const rows: string[][] = [
    ['method', `${method}${perComparison}`],
    ['units', `${count(results.units)}${excluded}`],
  ];
  if (results.srm) {
    const { srm } = results;
    const pairs = (map: Readonly<Record<string, number>>) =>
      Object.entries(map)
        .map(([variant, n]) => `${variant} ${plain(n)}`)
        .join(', ');
    rows.push([
      'sample ratio',
      `${srm.mismatch ? 'MISMATCH' : 'ok'}: p = ${pValue(srm.pValue)} (χ² ${plain(srm.chiSquare)}, warns below ${plain(srm.threshold)}); observed ${pairs(srm.observed)}; expected ${pairs(srm.expected)}`,
    ]);
  }
  rows.push(['computed', results.computedAt]);
  out.push(formatTable(rows, '  '));
  for (const metric of results.metrics) out.push('\n', formatMetric(metric, level));
  out.push('\n', formatProgress(results));
  return out.join('');
}

function formatMetric(metric: MetricResult, level: string): string {
  const better = metric.higherIsBetter ? '' : ', lower is better';
  const guardrail = metric.role === 'guardrail';
  const header = [
    'VARIANT',
    'UNITS',
    'MEAN',
    `EFFECT [${level} CI]`,
    `RELATIVE [${level} CI]`,
    'P-VALUE',
    metric.higherIsBetter ? 'CHANCE TO BEAT CONTROL' : 'CHANCE TO BE BETTER',
    'SIGNIFICANT',
    ...(guardrail ? ['GUARDRAIL'] : []),
  ];
  const rows = metric.variants.map((v, index) => {
    const isControl = index === 0;
    return [
      isControl ? `${v.variant} (control)` : v.variant,
      count(v.units),
      mean(v.mean, metric.type),
      isControl ? '-' : effect(v.effect, v.effectCi, metric.type),
      isControl ? '-' : relative(v.relativeEffect, v.ci),
      pValue(v.pValue),
      v.chanceToBeatControl === null ? '-' : percent(v.chanceToBeatControl, 1),
      v.significant === null ? '-' : v.significant ? 'yes' : 'no',
      ...(guardrail ? [v.guardrail ?? '-'] : []),
    ];
  });
  const notes = metric.variants.filter((v) => v.note).map((v) => `  note: ${v.variant}: ${v.note}\n`);
  return `Metric ${metric.key} (${metric.type}, ${metric.role}${better})\n${formatTable([header, ...rows], '  ')}${notes.join('')}`;
}

function formatProgress(results: ExperimentResults): string {
  const { progress } = results;
  if (!progress) return `Progress: ${results.progressNote ?? 'not known yet'}\n`;
  const remaining = Object.entries(progress.remainingPerVariant)
    .map(([variant, n]) => `${variant} ${count(n)}`)
    .join(', ');
  const lines = [
    `Progress: ${count(progress.requiredPerVariant)} units per variant needed; still needed: ${remaining}${progress.complete ? ' (complete)' : ''}`,
  ];
  if (!progress.complete) {
    lines.push(
      progress.estimatedEndAt === null
        ? '  no end estimate yet (no traffic to extrapolate from)'
        : `  estimated end ${progress.estimatedEndAt} (${remainingTime(progress.daysRemaining ?? 0)} at the traffic so far)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** 0.4 days → "9.6 hours"; 12.25 → "12.3 days". */
function remainingTime(days: number): string {
  return days < 1 ? `${(days * 24).toFixed(1)} hours` : `${days.toFixed(1)} days`;
}
