import { type Static, Type } from '@sinclair/typebox';
import type { Issue } from '../kernel/errors.js';

/**
 * What an experiment measures per unit, from the unit's tracked events inside the attribution
 * window: `conversion` (1 if it sent the event, else 0), `count` (how many times), `mean` (the sum
 * of the events' values: revenue per user), `ratio` (a sum over another sum, across units: revenue
 * per order), whose standard error comes from the delta method.
 */
export type MetricType = 'conversion' | 'count' | 'mean' | 'ratio';

/** Of an event, per unit: how many times it was sent, or the sum of its values. */
export type MeasureOf = 'count' | 'value';

export interface EventMeasure {
  event: string;
  of: MeasureOf;
}

export interface MetricDefinition {
  key: string;
  type: MetricType;
  /** The per-unit quantity (the numerator of a ratio). */
  numerator: EventMeasure;
  /** Ratio metrics only. */
  denominator: EventMeasure | null;
  /** Whether an increase is good (guardrails and chance to beat control read it). */
  higherIsBetter: boolean;
}

export const EventName = Type.String({ minLength: 1, maxLength: 200 });

const MeasureSchema = Type.Object(
  {
    event: EventName,
    of: Type.Union([Type.Literal('count'), Type.Literal('value')], {
      description: 'count: events per unit; value: sum of their values',
    }),
  },
  { additionalProperties: false },
);

export const MetricSchema = Type.Object(
  {
    key: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$',
        maxLength: 100,
        description: 'Unique in the experiment (default: derived from the event and type)',
      }),
    ),
    type: Type.Union(
      [Type.Literal('conversion'), Type.Literal('count'), Type.Literal('mean'), Type.Literal('ratio')],
      { description: 'conversion | count | mean (sum of values per unit) | ratio' },
    ),
    event: Type.Optional(EventName),
    numerator: Type.Optional(MeasureSchema),
    denominator: Type.Optional(MeasureSchema),
    higherIsBetter: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MetricInput = Static<typeof MetricSchema>;

const OF_TYPE: Record<Exclude<MetricType, 'ratio'>, MeasureOf> = {
  conversion: 'count',
  count: 'count',
  mean: 'value',
};

/** A metric as written, checked: its problems are pushed to `issues` under `path`. */
export function metricDefinition(input: MetricInput, path: string, issues: Issue[]): MetricDefinition | null {
  const higherIsBetter = input.higherIsBetter ?? true;
  if (input.type === 'ratio') {
    if (input.event !== undefined) {
      issues.push({
        path: `${path}/event`,
        message: 'a ratio metric names its events in "numerator" and "denominator", not "event"',
      });
    }
    for (const side of ['numerator', 'denominator'] as const) {
      if (input[side] === undefined)
        issues.push({
          path: `${path}/${side}`,
          message: `a ratio metric needs a ${side}: { "event", "of" }`,
        });
    }
    if (!input.numerator || !input.denominator || input.event !== undefined) return null;
    const key = input.key ?? `${input.numerator.event}-per-${input.denominator.event}`;
    return { key, type: 'ratio', numerator: input.numerator, denominator: input.denominator, higherIsBetter };
  }
  let ok = true;
  if (input.event === undefined) {
    issues.push({ path: `${path}/event`, message: `a ${input.type} metric needs the event it counts` });
    ok = false;
  }
  for (const side of ['numerator', 'denominator'] as const) {
    if (input[side] !== undefined) {
      issues.push({ path: `${path}/${side}`, message: `only a ratio metric has a ${side}` });
      ok = false;
    }
  }
  if (!ok || input.event === undefined) return null;
  const key = input.key ?? (input.type === 'conversion' ? input.event : `${input.event}-${input.type}`);
  return {
    key,
    type: input.type,
    numerator: { event: input.event, of: OF_TYPE[input.type] },
    denominator: null,
    higherIsBetter,
  };
}

/** The metric as the API shows it (the form it was written in). */
export function metricView(metric: MetricDefinition): MetricInput & { key: string } {
  if (metric.type === 'ratio' && metric.denominator) {
    return {
      key: metric.key,
      type: metric.type,
      numerator: metric.numerator,
      denominator: metric.denominator,
      higherIsBetter: metric.higherIsBetter,
    };
  }
  return {
    key: metric.key,
    type: metric.type,
    event: metric.numerator.event,
    higherIsBetter: metric.higherIsBetter,
  };
}

/** Every event name a set of metrics reads. */
export function eventsOf(metrics: readonly MetricDefinition[]): Set<string> {
  const names = new Set<string>();
  for (const metric of metrics) {
    names.add(metric.numerator.event);
    if (metric.denominator) names.add(metric.denominator.event);
  }
  return names;
}
