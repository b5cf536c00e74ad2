import { Type } from '@sinclair/typebox';
import { type Assert, MapOf, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { ExperimentResults } from './experiment-results.js';
import type { experimentView } from './experiment-view.js';

const Measure = Type.Object({
  event: Type.String(),
  of: Type.Union([Type.Literal('count'), Type.Literal('value')]),
});

const Metric = Type.Object(
  {
    key: Type.String(),
    type: Type.Union([
      Type.Literal('conversion'),
      Type.Literal('count'),
      Type.Literal('mean'),
      Type.Literal('ratio'),
    ]),
    event: Type.Optional(Type.String()),
    numerator: Type.Optional(Measure),
    denominator: Type.Optional(Measure),
    higherIsBetter: Type.Optional(Type.Boolean()),
  },
  { title: 'ExperimentMetric' },
);

export const ExperimentSchema = Type.Object(
  {
    key: Type.String(),
    project: Type.String(),
    environment: Type.String(),
    flag: Type.String(),
    status: Type.Union([Type.Literal('draft'), Type.Literal('running'), Type.Literal('stopped')]),
    name: Type.String(),
    hypothesis: Type.String(),
    control: Type.String(),
    weights: MapOf(Type.Integer(), { description: 'Variant → weight of the split, control first' }),
    primaryMetric: Metric,
    secondaryMetrics: Type.Array(Metric),
    guardrailMetrics: Type.Array(Metric),
    minimumDetectableEffect: Type.Number({ description: 'Relative (0.1 = 10%)' }),
    alpha: Type.Number(),
    power: Type.Number(),
    attributionWindow: Nullable(Type.String()),
    sequential: Type.Boolean(),
    salt: Type.String(),
    startedAt: Nullable(Timestamp),
    stoppedAt: Nullable(Timestamp),
    outcome: Nullable(
      Type.Object({
        served: Nullable(Type.String({ description: 'The variant served in its place since it stopped' })),
        reason: Type.String(),
      }),
    ),
    createdBy: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Type.Integer(),
  },
  { title: 'Experiment' },
);

export const ExperimentListSchema = Type.Object(
  { experiments: Type.Array(ExperimentSchema) },
  { title: 'ExperimentList' },
);

/** [low, high] (an array of two: tuples do not survive every JSON Schema dialect). */
const Pair = Type.Unsafe<[number, number]>(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }));
const Range = Nullable(Pair);
const Figure = Nullable(Type.Number());

const VariantResult = Type.Object(
  {
    variant: Type.String(),
    units: Type.Integer(),
    mean: Figure,
    variance: Figure,
    stdDev: Figure,
    effect: Type.Union([Type.Number(), Type.Null()], { description: 'Absolute, versus control' }),
    effectCi: Range,
    relativeEffect: Figure,
    ci: Type.Union([Pair, Type.Null()], {
      description: 'Interval of the relative effect (delta method)',
    }),
    pValue: Figure,
    significant: Nullable(Type.Boolean()),
    chanceToBeatControl: Figure,
    guardrail: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('breached')])),
    note: Type.Optional(Type.String()),
  },
  { title: 'ExperimentVariantResult' },
);

export const ExperimentResultsSchema = Type.Object(
  {
    experiment: Type.String(),
    flag: Type.String(),
    status: Type.Union([Type.Literal('draft'), Type.Literal('running'), Type.Literal('stopped')]),
    startedAt: Nullable(Timestamp),
    stoppedAt: Nullable(Timestamp),
    computedAt: Timestamp,
    method: Type.Union([Type.Literal('welch-t'), Type.Literal('sequential')]),
    alpha: Type.Number(),
    comparisonAlpha: Type.Number(),
    units: Type.Integer(),
    excludedUnits: Type.Integer(),
    srm: Nullable(
      Type.Object({
        pValue: Type.Number(),
        mismatch: Type.Boolean(),
        threshold: Type.Number(),
        chiSquare: Type.Number(),
        expected: MapOf(Type.Number()),
        observed: MapOf(Type.Integer()),
      }),
    ),
    warnings: Type.Array(Type.String()),
    primaryMetric: Type.String(),
    variants: Type.Array(VariantResult),
    metrics: Type.Array(
      Type.Object({
        key: Type.String(),
        type: Type.Union([
          Type.Literal('conversion'),
          Type.Literal('count'),
          Type.Literal('mean'),
          Type.Literal('ratio'),
        ]),
        role: Type.Union([Type.Literal('primary'), Type.Literal('secondary'), Type.Literal('guardrail')]),
        higherIsBetter: Type.Boolean(),
        variants: Type.Array(VariantResult),
      }),
    ),
    progress: Nullable(
      Type.Object({
        requiredPerVariant: Type.Integer(),
        remainingPerVariant: MapOf(Type.Integer()),
        complete: Type.Boolean(),
        estimatedEndAt: Nullable(Timestamp),
        daysRemaining: Figure,
      }),
    ),
    progressNote: Type.Optional(Type.String()),
  },
  { title: 'ExperimentResults' },
);

export type ExperimentViewMatches = Assert<
  SameShape<ReturnType<typeof experimentView>, typeof ExperimentSchema>
>;
export type ExperimentResultsMatch = Assert<
  SameShape<
    ExperimentResults & {
      experiment: string;
      flag: string;
      status: 'draft' | 'running' | 'stopped';
      startedAt: string | null;
      stoppedAt: string | null;
      computedAt: string;
    },
    typeof ExperimentResultsSchema
  >
>;
