import { type Static, Type } from '@sinclair/typebox';
import { didYouMean } from '@switchyard/core';
import { parseDuration } from '@switchyard/rollout';
import type { Issue } from '../kernel/errors.js';
import { LongText, ResourceKey, ShortText } from '../kernel/field-schemas.js';
import { type MetricDefinition, MetricSchema, metricDefinition } from './metric-definition.js';

/** The most arms an experiment splits its units into (control included). */
export const MAX_VARIANTS = 10;
const MAX_METRICS = 20;

const DesignFields = {
  name: Type.Optional(ShortText),
  hypothesis: Type.Optional(LongText),
  control: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'The variant the others are compared with',
  }),
  weights: Type.Record(
    Type.String({ minLength: 1, maxLength: 200 }),
    Type.Integer({ minimum: 1, maximum: 10_000 }),
    {
      minProperties: 2,
      maxProperties: MAX_VARIANTS,
      description: 'Variant → relative weight of the split (control included), e.g. { "off": 50, "on": 50 }',
    },
  ),
  primaryMetric: MetricSchema,
  secondaryMetrics: Type.Optional(Type.Array(MetricSchema, { maxItems: MAX_METRICS })),
  guardrailMetrics: Type.Optional(Type.Array(MetricSchema, { maxItems: MAX_METRICS })),
  minimumDetectableEffect: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 10,
      description: 'Relative effect to detect (0.1 = 10%); default 0.1',
    }),
  ),
  alpha: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 0.2, description: 'Significance level; default 0.05' }),
  ),
  power: Type.Optional(Type.Number({ minimum: 0.5, exclusiveMaximum: 1, description: 'Default 0.8' })),
  attributionWindow: Type.Optional(
    Type.Union([Type.String({ maxLength: 20 }), Type.Null()], {
      description:
        'How long after its first exposure a unit\u2019s events count ("72h", "7d"); null: until the experiment stops. Default "72h"',
    }),
  ),
  sequential: Type.Optional(
    Type.Boolean({
      description: 'Always-valid (sequential) intervals and p-values, for teams that look every day',
    }),
  ),
  salt: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Seeds the split\u2019s hashing; default: the key',
    }),
  ),
};

export const CreateExperimentPayload = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', minLength: 1, maxLength: 100 }),
    flag: ResourceKey,
    ...DesignFields,
  },
  { additionalProperties: false },
);
export type CreateExperimentInput = Static<typeof CreateExperimentPayload>;

/** A draft's design may change entirely; a running experiment's only in what it says, not what it does. */
export const UpdateExperimentPayload = Type.Partial(Type.Object(DesignFields), {
  additionalProperties: false,
});
export type UpdateExperimentInput = Static<typeof UpdateExperimentPayload>;

/** The fields that may change once an experiment has started. */
export const DESCRIPTIVE_FIELDS = ['name', 'hypothesis'] as const;

export const DEFAULT_ATTRIBUTION_WINDOW = '72h';

export interface ExperimentDesign {
  name: string;
  hypothesis: string;
  control: string;
  /** Variant → weight, control first, in the order of the split. */
  weights: Record<string, number>;
  primaryMetric: MetricDefinition;
  secondaryMetrics: MetricDefinition[];
  guardrailMetrics: MetricDefinition[];
  minimumDetectableEffect: number;
  alpha: number;
  power: number;
  /** As written ("72h"), null: until the experiment stops. */
  attributionWindow: string | null;
  attributionWindowMs: number | null;
  sequential: boolean;
  salt: string;
}

/**
 * Checks a design against the flag's variants; problems are returned with paths made by `at`
 * (payload pointers). Metric keys are unique across primary, secondary and guardrail metrics.
 */
export function experimentDesign(
  key: string,
  input: Omit<CreateExperimentInput, 'key' | 'flag'>,
  flagVariants: readonly string[],
  at: (path: string) => string,
): { design: ExperimentDesign } | { issues: Issue[] } {
  const issues: Issue[] = [];
  const variantProblem = (name: string) => {
    return `"${name}" is not a variant of the flag${didYouMean(name, flagVariants)}; its variants are ${flagVariants.join(', ')}`;
  };
  if (!flagVariants.includes(input.control))
    issues.push({ path: at('/control'), message: variantProblem(input.control) });
  for (const name of Object.keys(input.weights)) {
    if (!flagVariants.includes(name))
      issues.push({ path: at(`/weights/${name}`), message: variantProblem(name) });
  }
  if (!Object.hasOwn(input.weights, input.control)) {
    issues.push({ path: at('/weights'), message: `must give the control "${input.control}" a weight` });
  }
  const metric = (value: (typeof input)['primaryMetric'], path: string) =>
    metricDefinition(value, at(path), issues);
  const primaryMetric = metric(input.primaryMetric, '/primaryMetric');
  const secondaryMetrics = (input.secondaryMetrics ?? []).map((m, i) => metric(m, `/secondaryMetrics/${i}`));
  const guardrailMetrics = (input.guardrailMetrics ?? []).map((m, i) => metric(m, `/guardrailMetrics/${i}`));
  const seen = new Map<string, string>();
  const named: [MetricDefinition | null, string][] = [
    [primaryMetric, '/primaryMetric'],
    ...secondaryMetrics.map((m, i): [MetricDefinition | null, string] => [m, `/secondaryMetrics/${i}`]),
    ...guardrailMetrics.map((m, i): [MetricDefinition | null, string] => [m, `/guardrailMetrics/${i}`]),
  ];
  for (const [m, path] of named) {
    if (!m) continue;
    const first = seen.get(m.key);
    if (first !== undefined) {
      issues.push({
        path: at(`${path}/key`),
        message: `metric key "${m.key}" is already used by ${at(first)}; give one of them another "key"`,
      });
    } else seen.set(m.key, path);
  }
  let attributionWindowMs: number | null = null;
  const attributionWindow =
    input.attributionWindow === undefined ? DEFAULT_ATTRIBUTION_WINDOW : input.attributionWindow;
  if (attributionWindow !== null) {
    try {
      attributionWindowMs = parseDuration(attributionWindow);
    } catch {
      issues.push({
        path: at('/attributionWindow'),
        message: `"${attributionWindow}" is not a duration: use a number and a unit s, m, h or d ("72h", "7d"), or null`,
      });
    }
  }
  if (issues.length > 0 || !primaryMetric) return { issues };
  // Control first: the order of the split and of every per-variant answer.
  const weights: Record<string, number> = { [input.control]: input.weights[input.control]! };
  for (const [name, weight] of Object.entries(input.weights))
    if (name !== input.control) weights[name] = weight;
  return {
    design: {
      name: input.name ?? key,
      hypothesis: input.hypothesis ?? '',
      control: input.control,
      weights,
      primaryMetric,
      secondaryMetrics: secondaryMetrics as MetricDefinition[],
      guardrailMetrics: guardrailMetrics as MetricDefinition[],
      minimumDetectableEffect: input.minimumDetectableEffect ?? 0.1,
      alpha: input.alpha ?? 0.05,
      power: input.power ?? 0.8,
      attributionWindow,
      attributionWindowMs,
      sequential: input.sequential ?? false,
      salt: input.salt ?? key,
    },
  };
}

/** Every metric of a design, primary first. */
export function allMetrics(design: ExperimentDesign): MetricDefinition[] {
  return [design.primaryMetric, ...design.secondaryMetrics, ...design.guardrailMetrics];
}
