import { readableProjects } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import type { Queryable } from '../storage/database.js';
import type { AuditEntry, AuditFilter, AuditStore } from './audit-store.js';

export class AuditQueries {
  constructor(private readonly deps: { db: Queryable; audit: (db: Queryable) => AuditStore }) {}

  /** A page of the trail, newest first; a token limited to some projects sees their entries only. */
  async page(
    actor: Actor,
    filter: Omit<AuditFilter, 'projects'>,
  ): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
    const projects = readableProjects(actor.access);
    const entries = await this.deps
      .audit(this.deps.db)
      .query({ ...filter, ...(projects !== null && { projects }) });
    const last = entries.at(-1);
    return { entries, nextCursor: entries.length === filter.limit && last ? last.id : null };
  }
}
