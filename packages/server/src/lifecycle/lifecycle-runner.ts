import type { FlagView } from '../flags/flag-service.js';
import { unrestricted } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import { type DeliveryDeps, deliverSigned } from './digest-delivery.js';
import { digestSchedules } from './lifecycle-settings.js';
import type { LifecycleStore, ProjectLifecycle } from './lifecycle-store.js';
import { staleDigest } from './stale-digest.js';
import type { StaleGauge } from './stale-gauge.js';

/** Reads every project's flags to count and report stale ones. */
export const lifecycleActor: Actor = {
  id: 'system:lifecycle',
  name: 'lifecycle',
  access: unrestricted('viewer'),
};

export interface LifecycleRunnerDeps {
  projects(): Promise<{ id: string; key: string }[]>;
  staleFlags(actor: Actor, projectKey: string): Promise<FlagView[]>;
  store: () => LifecycleStore;
  gauge: StaleGauge;
  delivery: DeliveryDeps;
  now: () => Date;
  intervalMs: number;
  log: { warn(details: object, message: string): void; info(details: object, message: string): void };
}

/**
 * Counts stale flags for the gauge and sends due digests. A digest is claimed by moving its due
 * time in one statement, so that of several replicas exactly one sends it.
 */
export class LifecycleRunner {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(private readonly deps: LifecycleRunnerDeps) {}

  start(): void {
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.round()
        .catch((error: unknown) =>
          this.deps.log.warn({ err: error }, 'a lifecycle round failed; next round retries'),
        )
        .finally(() => (this.#running = undefined));
    }, this.deps.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async round(): Promise<void> {
    const projects = await this.deps.projects();
    const stale = new Map<string, FlagView[]>();
    for (const project of projects) {
      try {
        stale.set(project.key, await this.deps.staleFlags(lifecycleActor, project.key));
      } catch (error) {
        // Deleted meanwhile, or the database is away: counted next round.
        this.deps.log.warn({ err: error, project: project.key }, 'counting stale flags failed');
      }
    }
    this.deps.gauge.set(new Map([...stale].map(([key, flags]) => [key, flags.length])));
    const now = this.deps.now();
    const keyOf = new Map(projects.map((p) => [p.id, p.key]));
    for (const due of await this.deps.store().listDueDigests(now.toISOString())) {
      const projectKey = keyOf.get(due.projectId);
      if (projectKey !== undefined) await this.#send(due, projectKey, stale.get(projectKey) ?? [], now);
    }
  }

  async #send(due: ProjectLifecycle, projectKey: string, flags: FlagView[], now: Date): Promise<void> {
    const digest = due.settings.digest;
    if (!digest || due.digestDueAt === null) return;
    const interval = digestSchedules[digest.schedule];
    // A server that was down for several periods sends one digest, not one per missed period.
    let next = Date.parse(due.digestDueAt) + interval;
    if (next <= now.getTime()) next = now.getTime() + interval;
    const store = this.deps.store();
    if (!(await store.claimDigest(due.projectId, due.digestDueAt, new Date(next).toISOString()))) return;
    if (flags.length === 0) return;
    const problem = await deliverSigned(
      this.deps.delivery,
      { url: digest.url, secret: digest.secret, event: 'stale-flags.digest' },
      staleDigest(projectKey, flags, now),
    );
    if (problem)
      this.deps.log.warn({ project: projectKey, url: digest.url }, `stale-flag digest failed: ${problem}`);
    await store.recordDigest(due.projectId, {
      sentAt: problem ? null : this.deps.now().toISOString(),
      error: problem,
    });
  }
}
