import { requireEnvironment } from '../environments/environment-service.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { notFound } from '../kernel/errors.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { Db, DialectName, Queryable } from '../storage/database.js';
import { readConsistently } from '../storage/transaction.js';
import { experimentResults } from './experiment-results.js';
import type { Experiment, ExperimentStore } from './experiment-store.js';
import { type ExperimentView, experimentView } from './experiment-view.js';
import type { UnitStore } from './unit-store.js';

export interface ExperimentQueryDeps {
  db: Db;
  dialect: DialectName;
  projects: (db: Queryable) => ProjectStore;
  environments: (db: Queryable) => EnvironmentStore;
  experiments: (db: Queryable, dialect: DialectName) => ExperimentStore;
  units: (db: Queryable, dialect: DialectName) => UnitStore;
  now?: () => number;
  /** How long computed results are served again (they scan every unit of the experiment). */
  resultsTtlMs?: number;
}

export type ExperimentResultsView = Awaited<ReturnType<ExperimentQueries['results']>>;

export class ExperimentQueries {
  readonly #cache = new Map<number, { at: number; version: number; results: unknown }>();

  constructor(private readonly deps: ExperimentQueryDeps) {}

  async list(actor: Actor, projectKey: string, environmentKey: string): Promise<ExperimentView[]> {
    const environment = await this.#environment(actor, projectKey, environmentKey);
    const experiments = await this.deps.experiments(this.deps.db, this.deps.dialect).list(environment.id);
    return experiments.map((e) => experimentView(e, projectKey, environmentKey));
  }

  async get(actor: Actor, projectKey: string, environmentKey: string, key: string): Promise<ExperimentView> {
    const experiment = await this.#experiment(actor, projectKey, environmentKey, key);
    return experimentView(experiment, projectKey, environmentKey);
  }

  /** Per-variant figures of every metric against control, the SRM check and the sample still needed. */
  async results(actor: Actor, projectKey: string, environmentKey: string, key: string) {
    const experiment = await this.#experiment(actor, projectKey, environmentKey, key);
    const now = (this.deps.now ?? Date.now)();
    const cached = this.#cache.get(experiment.id);
    if (
      cached &&
      cached.version === experiment.version &&
      now - cached.at < (this.deps.resultsTtlMs ?? 5000)
    ) {
      return cached.results as ReturnType<typeof this.compute>;
    }
    const results = await this.compute(experiment, now);
    this.#cache.set(experiment.id, { at: now, version: experiment.version, results });
    return results;
  }

  private async compute(experiment: Experiment, now: number) {
    const { units, sums } = await readConsistently(this.deps.db, async (tx) => {
      const store = this.deps.units(tx, this.deps.dialect);
      return { units: await store.variantUnits(experiment.id), sums: await store.sums(experiment.id) };
    });
    const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
    return {
      experiment: experiment.key,
      flag: experiment.flagKey,
      status: experiment.status,
      startedAt: experiment.startedAt,
      stoppedAt: experiment.stoppedAt,
      computedAt: new Date(now).toISOString(),
      ...experimentResults({
        design: experiment.design,
        startedAt: ms(experiment.startedAt),
        stoppedAt: ms(experiment.stoppedAt),
        now,
        units,
        sums,
      }),
    };
  }

  async #experiment(
    actor: Actor,
    projectKey: string,
    environmentKey: string,
    key: string,
  ): Promise<Experiment> {
    const environment = await this.#environment(actor, projectKey, environmentKey);
    const experiment = await this.deps.experiments(this.deps.db, this.deps.dialect).find(environment.id, key);
    if (!experiment) throw notFound(`experiment "${key}" does not exist in environment "${environmentKey}"`);
    return experiment;
  }

  async #environment(actor: Actor, projectKey: string, environmentKey: string) {
    authorise(actor, 'read', { project: projectKey, environment: environmentKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    return requireEnvironment(this.deps.environments(this.deps.db), project, environmentKey);
  }
}
