import { countOf } from '../plural.js';
import { formatTable } from '../text/table.js';
import { describeGuardrail, describeRing, describeSchedule } from './describe-plan.js';
import { isActive, type PlannedStep, type Rollout, type RolloutEvent } from './rollout-types.js';

const percent = (weight: number) => `${weight}%`;

const LABEL_WIDTH = 'min samples'.length;

/** Where a rollout is, under `heading`: its flag, what it serves now, its step, the plan it follows. */
export function formatRollout(rollout: Rollout, heading: string): string {
  const { step } = rollout;
  const rows: [string, string][] = [
    ['flag', `${rollout.flag} in ${rollout.environment} (project ${rollout.project})`],
    ['status', rollout.reason ? `${rollout.status}: ${rollout.reason}` : rollout.status],
    ['serving', serving(rollout)],
  ];
  if (isActive(rollout)) {
    rows.push(['step', `${step.index + 1} of ${step.count} (${step.kind}), since ${step.startedAt}`]);
  }
  rows.push(['rollback', `serves "${rollout.safeVariant}"`]);
  const { plan } = rollout;
  if (plan.schedule) rows.push(['schedule', describeSchedule(plan.schedule)]);
  for (const ring of plan.rings ?? []) rows.push(['ring', describeRing(ring)]);
  const guardrails = plan.guardrails ?? [];
  if (guardrails.length === 0) rows.push(['guardrails', 'none (gated by time alone)']);
  for (const guardrail of guardrails) rows.push(['guardrail', describeGuardrail(guardrail)]);
  if (plan.minSamples !== undefined) rows.push(['min samples', String(plan.minSamples)]);
  rows.push(['started', `${rollout.createdAt} by ${rollout.createdBy}`]);
  // Labels in a column of fixed width, so the same field reads the same in every rollout.
  const lines = rows.map(([label, value]) => `  ${label.padEnd(LABEL_WIDTH)}  ${value}\n`);
  return `${heading}\n${lines.join('')}`;
}

function serving(rollout: Rollout): string {
  if (rollout.status === 'completed') return `"${rollout.variant}" to everyone`;
  if (rollout.status === 'rolled-back') return `"${rollout.safeVariant}" to everyone the rollout reached`;
  const rings = rollout.rings.length > 0 ? `, and in full to ${rollout.rings.join(', ')}` : '';
  return `"${rollout.variant}" to ${percent(rollout.weight)}${rings}; the rest gets "${rollout.control}"`;
}

/** Few steps are listed in full; of many, the first and last five and those around the current one. */
const SHOWN_IN_FULL = 12;

export function formatPlannedSteps(rollout: Rollout): string {
  const current = isActive(rollout) ? rollout.step.index : -1;
  const shown = rollout.steps.filter(
    (step, i, all) =>
      all.length <= SHOWN_IN_FULL || i < 5 || i >= all.length - 5 || Math.abs(step.index - current) <= 1,
  );
  const rows: string[][] = [['', 'STEP', 'WEIGHT', 'RINGS', 'EARLIEST']];
  let previous = -1;
  for (const step of shown) {
    if (step.index > previous + 1) rows.push(['', '…', '', '', '']);
    rows.push(stepRow(step, step.index === current));
    previous = step.index;
  }
  return `Planned steps (${countOf(rollout.steps.length, 'step')}; each held at least its interval, and until its guardrails have data):\n${formatTable(rows, '  ')}`;
}

function stepRow(step: PlannedStep, current: boolean): string[] {
  return [
    current ? '→' : '',
    String(step.index + 1),
    percent(step.weight),
    step.rings.length > 0 ? step.rings.join(', ') : '-',
    step.earliestAt,
  ];
}

/** The last `limit` entries of the timeline, oldest first. */
export function formatTimeline(timeline: readonly RolloutEvent[], limit: number): string {
  if (limit === 0) return '';
  const shown = timeline.slice(-limit);
  const title =
    shown.length === timeline.length
      ? `Timeline (${timeline.length} ${timeline.length === 1 ? 'entry' : 'entries'}):`
      : `Timeline (last ${shown.length} of ${timeline.length}):`;
  const rows = [
    ['AT', 'ACTION', 'STEP', 'WEIGHT', 'BY', 'REASON'],
    ...shown.map((event) => [
      event.at,
      event.action,
      String(event.step + 1),
      percent(event.weight),
      event.actor,
      event.reason,
    ]),
  ];
  return `${title}\n${formatTable(rows, '  ')}`;
}

/** An environment's rollouts, newest first, one line each. */
export function formatRolloutList(rollouts: readonly Rollout[], where: string): string {
  if (rollouts.length === 0) return `No rollouts in ${where}.\n`;
  const rows = [
    ['ID', 'FLAG', 'STATUS', 'WEIGHT', 'STEP', 'VARIANT', 'UPDATED'],
    ...rollouts.map((rollout) => [
      rollout.id,
      rollout.flag,
      rollout.status,
      percent(rollout.weight),
      isActive(rollout) ? `${rollout.step.index + 1}/${rollout.step.count}` : '-',
      `${rollout.variant} (control ${rollout.control})`,
      rollout.updatedAt,
    ]),
  ];
  return formatTable(rows);
}
