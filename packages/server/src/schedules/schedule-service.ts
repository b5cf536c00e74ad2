import type { Actor } from '../kernel/actor.js';
import { notFound } from '../kernel/errors.js';
import type { DialectName, Queryable } from '../storage/database.js';
import type { ScheduleStatus, ScheduleStore } from './schedule-store.js';
import { type ScheduleView, scheduleView } from './schedule-view.js';
import { requireVisible, visibleFilter } from './schedule-visibility.js';

export interface ScheduleQueryDeps {
  db: Queryable;
  dialect: DialectName;
  schedules: (db: Queryable, dialect: DialectName) => ScheduleStore;
}

/** Reading schedules; a token sees those of the projects it can read, and its own. */
export class ScheduleQueries {
  constructor(private readonly deps: ScheduleQueryDeps) {}

  async list(
    actor: Actor,
    filter: { status?: ScheduleStatus | undefined; project?: string | undefined; limit: number },
  ): Promise<ScheduleView[]> {
    const schedules = await this.#store().list({ ...filter, ...visibleFilter(actor) });
    return schedules.map(scheduleView);
  }

  async get(actor: Actor, id: string): Promise<ScheduleView> {
    const schedule = await this.#store().find(id);
    if (!schedule) throw notFound(`schedule "${id}" does not exist`);
    requireVisible(actor, schedule);
    return scheduleView(schedule);
  }

  #store() {
    return this.deps.schedules(this.deps.db, this.deps.dialect);
  }
}
