import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src/audit/audit-store.js';
import { createEnvironment } from '../../src/environments/create-environment.js';
import { listEnvironments } from '../../src/environments/environment-store.js';
import { publishAllEnvironments } from '../../src/environments/publish-all-environments.js';
import { saveFlagConfig } from '../../src/flag-configs/flag-config-store.js';
import { FlagSetRegistry } from '../../src/flag-sets/flag-set-registry.js';
import { findFlag, insertFlag } from '../../src/flags/flag-store.js';
import { AppError } from '../../src/http/errors.js';
import { insertProject, type Project } from '../../src/projects/project-store.js';
import { openStorage, request, type StorageFixture } from '../support/storage-fixture.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('storage suite (PostgreSQL)');
const flagFields = {
  name: 'Checkout',
  description: '',
  kind: 'release' as const,
  owner: '',
  tags: [],
  variants: { on: true, off: false },
  metadata: null,
};

describe.each(targets)('write path on %s', (target) => {
  let fixture: StorageFixture;
  let project: Project;

  beforeEach(async () => {
    fixture = await openStorage(target);
    project = await fixture.writes.commitNewProject(request, async (scope) => {
      const project = await insertProject(scope.tx, { key: 'p', name: 'P', description: '' }, scope.now);
      await createEnvironment(scope, project, { key: 'dev' });
      return { project, result: project };
    });
  });
  afterEach(() => fixture?.close());

  const auditCount = async () => (await queryAudit(fixture.handle.db, { limit: 1000 })).length;
  // Inside a change, read through its transaction (SQLite has one connection: the pool would wait for it).
  const environment = async (db: Parameters<typeof listEnvironments>[0] = fixture.handle.db) =>
    (await listEnvironments(db, project.id))[0]!;

  it('commits the change, the environment version and the audit entry together, then publishes', async () => {
    const before = await auditCount();
    await fixture.writes.commit(request, project, async (scope) => {
      const flag = await insertFlag(scope.tx, project.id, 'checkout', flagFields, scope.now);
      const env = await environment(scope.tx);
      await saveFlagConfig(
        scope.tx,
        flag.id,
        env.id,
        { state: 'ENABLED', defaultVariant: 'on', targeting: null },
        undefined,
        scope.now,
      );
      scope.audit({
        action: 'flag.create',
        resourceType: 'flag',
        resource: 'x',
        projectKey: 'p',
        flagKey: 'checkout',
        before: null,
        after: { a: 1 },
      });
    });
    const env = await environment();
    expect(env.version).toBe(2);
    expect(await auditCount()).toBe(before + 1);
    const published = fixture.registry.get(env.id)!;
    expect(published.version).toBe(2);
    expect(published.document.flags.checkout).toEqual({
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'on',
    });
  });

  it('writes nothing when the change fails half-way', async () => {
    const before = await auditCount();
    await expect(
      fixture.writes.commit(request, project, async (scope) => {
        await insertFlag(scope.tx, project.id, 'half', flagFields, scope.now);
        scope.audit({ action: 'flag.create', resourceType: 'flag', resource: 'x', before: null, after: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await findFlag(fixture.handle.db, project.id, 'half')).toBeUndefined();
    expect(await auditCount()).toBe(before);
    expect((await environment()).version).toBe(1);
  });

  it('refuses a change whose resulting flag set is invalid, naming the problem, and writes nothing', async () => {
    const before = await auditCount();
    const error = await fixture.writes
      .commit(request, project, async (scope) => {
        const flag = await insertFlag(scope.tx, project.id, 'broken', flagFields, scope.now);
        const env = await environment(scope.tx);
        const targeting = { if: [{ '==': [{ $ref: 'no-such-segment' }, 1] }, 'on', 'off'] };
        await saveFlagConfig(
          scope.tx,
          flag.id,
          env.id,
          { state: 'ENABLED', defaultVariant: 'on', targeting },
          undefined,
          scope.now,
        );
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).issues.some((i) => i.path.startsWith('/flags/broken/targeting'))).toBe(true);
    expect(await findFlag(fixture.handle.db, project.id, 'broken')).toBeUndefined();
    expect(await auditCount()).toBe(before);
    expect((await environment()).version).toBe(1);
  });

  it('does not bump versions when a change leaves every flag set as it was', async () => {
    await fixture.writes.commit(request, project, async (scope) => {
      scope.audit({ action: 'noop', resourceType: 'x', resource: 'x', before: null, after: null });
    });
    expect((await environment()).version).toBe(1);
  });

  it('serialises concurrent writers of one project: every commit gets its own version', async () => {
    const writers = Array.from({ length: 8 }, (_, i) =>
      fixture.writes.commit({ ...request, requestId: `r${i}` }, project, async (scope) => {
        await insertFlag(scope.tx, project.id, `flag-${i}`, flagFields, scope.now);
        const env = await environment(scope.tx);
        const flag = (await findFlag(scope.tx, project.id, `flag-${i}`))!;
        await saveFlagConfig(
          scope.tx,
          flag.id,
          env.id,
          { state: 'DISABLED', defaultVariant: 'off', targeting: null },
          undefined,
          scope.now,
        );
      }),
    );
    await Promise.all(writers);
    const env = await environment();
    expect(env.version).toBe(1 + 8);
    expect(Object.keys(fixture.registry.get(env.id)!.document.flags)).toHaveLength(8);
  });
});

// Loading an environment's document takes several queries. Under PostgreSQL's default READ
// COMMITTED each sees its own snapshot, so a commit landing between them would mix two versions.
describe.skipIf(!targets.includes('postgres'))('loading flag sets on postgres while a change commits', () => {
  let fixture: StorageFixture;
  let other: pg.Client;
  afterEach(async () => {
    await other?.end();
    await fixture?.close();
  });

  it('reads every environment as of one moment: never flags of one version with configs of the next', async () => {
    fixture = await openStorage('postgres');
    const project = await fixture.writes.commitNewProject(request, async (scope) => {
      const project = await insertProject(scope.tx, { key: 'p', name: 'P', description: '' }, scope.now);
      const env = await createEnvironment(scope, project, { key: 'dev' });
      const flag = await insertFlag(scope.tx, project.id, 'checkout', flagFields, scope.now);
      const fields = { state: 'ENABLED' as const, defaultVariant: 'on', targeting: null };
      await saveFlagConfig(scope.tx, flag.id, env.id, fields, undefined, scope.now);
      return { project, result: project };
    });
    other = new pg.Client({ connectionString: fixture.database.location });
    await other.connect();
    const watcher = new pg.Client({ connectionString: fixture.database.location });
    await watcher.connect();
    try {
      // Hold the configurations back, so the load stops right after reading the flags.
      await other.query('begin');
      await other.query('lock table flag_configs in access exclusive mode');
      const self = (await other.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const registry = new FlagSetRegistry();
      const loading = publishAllEnvironments(fixture.handle.db, registry);
      for (let i = 0; ; i++) {
        const { rows } = await watcher.query(
          'select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
          [self],
        );
        if (rows.length > 0) break;
        if (i > 400) throw new Error('the load never reached the flag configurations');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Meanwhile a change renames the variants and moves the default variant along, and commits.
      await other.query(`update flags set variants = '{"yes":true,"no":false}' where key = 'checkout'`);
      await other.query(`update flag_configs set default_variant = 'yes'`);
      await other.query('commit');
      await loading;
      const env = (await listEnvironments(fixture.handle.db, project.id))[0]!;
      const checkout = registry.get(env.id)?.document.flags.checkout;
      expect(checkout).toBeDefined();
      expect(Object.keys(checkout!.variants)).toContain(checkout!.defaultVariant);
    } finally {
      await watcher.end();
    }
  });
});
