import type { JsonValue } from '@switchyard/core';
import type { ExperimentDesign } from './experiment-design.js';
import type { Experiment } from './experiment-store.js';
import { metricView } from './metric-definition.js';

/**
 * The rule an experiment puts in its flag's slot: units with a targeting key are split by the
 * weights, hashed on the salt and the key (sticky, and independent of other splits of the flag);
 * units without one get control and are not part of the experiment.
 */
export function splitRule(design: Pick<ExperimentDesign, 'salt' | 'weights' | 'control'>): JsonValue {
  const split = {
    fractional: [
      { cat: [`${design.salt}/`, { var: 'targetingKey' }] },
      ...Object.entries(design.weights).map(([variant, weight]): JsonValue => [variant, weight]),
    ],
  };
  return { if: [{ var: 'targetingKey' }, split, design.control] };
}

/** The design as it was written: what a PATCH of a draft merges into. */
export function designInput(design: ExperimentDesign) {
  return {
    name: design.name,
    hypothesis: design.hypothesis,
    control: design.control,
    weights: design.weights,
    primaryMetric: metricView(design.primaryMetric),
    secondaryMetrics: design.secondaryMetrics.map(metricView),
    guardrailMetrics: design.guardrailMetrics.map(metricView),
    minimumDetectableEffect: design.minimumDetectableEffect,
    alpha: design.alpha,
    power: design.power,
    attributionWindow: design.attributionWindow,
    sequential: design.sequential,
    salt: design.salt,
  };
}

export type ExperimentView = ReturnType<typeof experimentView>;

export function experimentView(experiment: Experiment, projectKey: string, environmentKey: string) {
  return {
    key: experiment.key,
    project: projectKey,
    environment: environmentKey,
    flag: experiment.flagKey,
    status: experiment.status,
    ...designInput(experiment.design),
    startedAt: experiment.startedAt,
    stoppedAt: experiment.stoppedAt,
    outcome: experiment.outcome,
    createdBy: experiment.createdBy,
    createdAt: experiment.createdAt,
    updatedAt: experiment.updatedAt,
    version: experiment.version,
  };
}
