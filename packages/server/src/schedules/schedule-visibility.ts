import { readableProjects } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import { forbidden } from '../kernel/errors.js';
import type { Schedule, ScheduleFilter } from './schedule-store.js';

/**
 * Who sees a schedule: whoever can read the project its command targets (the audit trail's rule),
 * and the one who made it. A command outside any project (creating a project, admin tokens) is
 * seen by tokens that reach every project.
 */
export function canSee(actor: Actor, schedule: Pick<Schedule, 'project' | 'createdBy'>): boolean {
  if (schedule.createdBy.id === actor.id) return true;
  const projects = readableProjects(actor.access);
  return projects === null || (schedule.project !== null && projects.includes(schedule.project));
}

/** The same rule as a list filter. */
export function visibleFilter(actor: Actor): Pick<ScheduleFilter, 'projects' | 'visibleTo'> {
  const projects = readableProjects(actor.access);
  return projects === null ? {} : { projects, visibleTo: actor.id };
}

/** Throws FORBIDDEN, saying why, unless `actor` sees the schedule. */
export function requireVisible(actor: Actor, schedule: Pick<Schedule, 'id' | 'project' | 'createdBy'>): void {
  if (canSee(actor, schedule)) return;
  throw forbidden(
    schedule.project === null
      ? `schedule "${schedule.id}" holds a command outside any project, which only admin tokens that reach every project see`
      : `schedule "${schedule.id}" is in project "${schedule.project}", which this admin token cannot read`,
  );
}
