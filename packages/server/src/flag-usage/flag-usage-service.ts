import { requireEnvironment } from '../environments/environment-service.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import { requireFlag } from '../flags/flag-service.js';
import type { FlagStore } from '../flags/flag-store.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { Queryable } from '../storage/database.js';
import type { VariantMetricStore } from '../telemetry/variant-metric-store.js';
import { usageWindow } from './usage-window.js';

export interface FlagUsageDeps {
  db: Queryable;
  projects(db: Queryable): ProjectStore;
  environments(db: Queryable): EnvironmentStore;
  flags(db: Queryable): FlagStore;
  variantMetrics(db: Queryable): VariantMetricStore;
  /** What this process served remotely (OFREP, flagd) since it started: the Prometheus counters. */
  servedEvaluations(
    environmentId: string,
    flagKey: string,
  ): { variants: Record<string, number>; errors: number };
  now?: () => number;
}

export interface FlagUsageView {
  project: string;
  environment: string;
  flag: string;
  from: string;
  to: string;
  stepSeconds: number;
  variants: string[];
  series: { at: string; evaluations: Record<string, number>; errors: Record<string, number> }[];
  totals: { evaluations: Record<string, number>; errors: Record<string, number> };
  served: { evaluations: Record<string, number>; errors: number };
}

/**
 * A flag's usage in one environment for the flag screen: evaluations per variant over time, from
 * the per-variant telemetry in-process SDKs send (the data rollout guardrails read), and this
 * server's own remote evaluations since it started.
 */
export class FlagUsageQueries {
  constructor(private readonly deps: FlagUsageDeps) {}

  async get(
    actor: Actor,
    target: { project: string; environment: string; flag: string },
    query: { range?: string; step?: string },
  ): Promise<FlagUsageView> {
    authorise(actor, 'read', { project: target.project, environment: target.environment });
    const window = usageWindow(query, (this.deps.now ?? Date.now)());
    const { db } = this.deps;
    const project = await requireProject(this.deps.projects(db), target.project);
    const environment = await requireEnvironment(this.deps.environments(db), project, target.environment);
    const flag = await requireFlag(this.deps.flags(db), project, target.flag);
    const rows = await this.deps.variantMetrics(db).series(environment.id, flag.key, window);
    const served = this.deps.servedEvaluations(environment.id, flag.key);
    // Variants that are gone from the flag still show while their data is in the window.
    const variants = [
      ...new Set([
        ...Object.keys(flag.variants),
        ...rows.map((r) => r.variant),
        ...Object.keys(served.variants),
      ]),
    ];
    const zeros = () => Object.fromEntries(variants.map((v) => [v, 0]));
    const series = Array.from({ length: window.buckets }, (_, bucket) => ({
      at: new Date((window.fromSecond + bucket * window.stepSeconds) * 1000).toISOString(),
      evaluations: zeros(),
      errors: zeros(),
    }));
    const totals = { evaluations: zeros(), errors: zeros() };
    for (const row of rows) {
      const point = series[row.bucket];
      if (!point) continue;
      point.evaluations[row.variant]! += row.n;
      point.errors[row.variant]! += row.errors;
      totals.evaluations[row.variant]! += row.n;
      totals.errors[row.variant]! += row.errors;
    }
    return {
      project: project.key,
      environment: environment.key,
      flag: flag.key,
      from: new Date(window.fromSecond * 1000).toISOString(),
      to: new Date(window.toSecond * 1000).toISOString(),
      stepSeconds: window.stepSeconds,
      variants,
      series,
      totals,
      served: { evaluations: { ...zeros(), ...served.variants }, errors: served.errors },
    };
  }
}
