import { formatTable } from '../text/table.js';
import type { Experiment, ExperimentMetric } from './experiment-types.js';
import { percent, plain } from './figures.js';

/** `conversion of purchase`, `ratio purchase value / purchase count`, with its key when it is not the default. */
export function describeMetric(metric: ExperimentMetric): string {
  const what =
    metric.type === 'ratio' && metric.numerator && metric.denominator
      ? `ratio ${metric.numerator.event} ${metric.numerator.of} / ${metric.denominator.event} ${metric.denominator.of}`
      : `${metric.type} of ${metric.event}`;
  const lower = metric.higherIsBetter === false ? ', lower is better' : '';
  return `${metric.key}: ${what}${lower}`;
}

export function describeSplit(experiment: Experiment): string {
  return Object.entries(experiment.weights)
    .map(([variant, weight]) => `${variant} ${weight}${variant === experiment.control ? ' (control)' : ''}`)
    .join(', ');
}

/** One experiment: its design and where it stands. */
export function formatExperiment(experiment: Experiment, heading: string): string {
  const e = experiment;
  const rows: string[][] = [
    ['flag', `${e.flag} in ${e.environment} (project ${e.project})`],
    ['status', e.status],
  ];
  if (e.name !== e.key) rows.push(['name', e.name]);
  if (e.hypothesis !== '') rows.push(['hypothesis', e.hypothesis]);
  rows.push(['split', describeSplit(e)]);
  rows.push(['primary', describeMetric(e.primaryMetric)]);
  for (const m of e.secondaryMetrics) rows.push(['secondary', describeMetric(m)]);
  for (const m of e.guardrailMetrics) rows.push(['guardrail', describeMetric(m)]);
  rows.push([
    'design',
    `MDE ${percent(e.minimumDetectableEffect, 1)} (relative), α ${plain(e.alpha)}, power ${plain(e.power)}, ${
      e.sequential ? 'sequential (always-valid)' : "fixed horizon (Welch's t-test)"
    }`,
  ]);
  rows.push([
    'attribution',
    e.attributionWindow === null ? 'until the experiment stops' : e.attributionWindow,
  ]);
  if (e.startedAt) rows.push(['started', e.startedAt]);
  if (e.stoppedAt) rows.push(['stopped', e.stoppedAt]);
  if (e.outcome) {
    const served = e.outcome.served === null ? 'the flag left as it was' : `serving "${e.outcome.served}"`;
    rows.push(['outcome', `${served}: ${e.outcome.reason}`]);
  }
  rows.push(['created', `${e.createdAt} by ${e.createdBy}`]);
  rows.push(['version', String(e.version)]);
  return `${heading}\n${formatTable(rows, '  ')}`;
}

/** Every experiment of an environment, one line each. */
export function formatExperimentList(experiments: readonly Experiment[], where: string): string {
  if (experiments.length === 0) return `No experiments in ${where}.\n`;
  const rows = experiments.map((e) => [
    e.key,
    e.flag,
    e.status,
    describeSplit(e),
    e.primaryMetric.key,
    e.startedAt ?? '-',
  ]);
  return `Experiments in ${where}, newest first:\n${formatTable(
    [['KEY', 'FLAG', 'STATUS', 'SPLIT', 'PRIMARY METRIC', 'STARTED'], ...rows],
    '  ',
  )}`;
}
