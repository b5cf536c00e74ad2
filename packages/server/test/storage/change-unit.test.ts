import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectRef } from '../../src/commands/change-unit.js';
import type { Environment } from '../../src/environments/environment-store.js';
import { FlagSetRegistry } from '../../src/flag-sets/flag-set-registry.js';
import type { FlagFields } from '../../src/flags/flag-store.js';
import { AppError } from '../../src/kernel/errors.js';
import type { Queryable } from '../../src/storage/database.js';
import { openStorage, request, type StorageFixture, stores } from '../support/storage-fixture.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('storage suite (PostgreSQL)');
const flagFields: FlagFields = {
  name: 'Checkout',
  description: '',
  kind: 'release',
  owner: '',
  tags: [],
  variants: { on: true, off: false },
  metadata: null,
  defaultVariant: 'off',
  safeVariant: null,
};

/** A project `p` with one environment `dev`, created through the executor. */
async function createProject(
  fixture: StorageFixture,
  extra: Record<string, unknown> = {},
): Promise<ProjectRef> {
  await fixture.services.commands.execute({
    command: {
      action: 'project.create',
      target: {},
      payload: { key: 'p', environments: [{ key: 'dev' }], ...extra },
    },
    actor: request.actor,
    requestId: 'setup',
  });
  return (await stores.projects(fixture.handle.db).find('p'))!;
}

describe.each(targets)('change unit on %s', (target) => {
  let fixture: StorageFixture;
  let project: ProjectRef;

  beforeEach(async () => {
    fixture = await openStorage(target);
    project = await createProject(fixture);
  });
  afterEach(() => fixture?.close());

  const auditCount = async () => (await stores.audit(fixture.handle.db).query({ limit: 1000 })).length;
  // Inside a change, read through its transaction (SQLite has one connection: the pool would wait for it).
  const environment = async (db: Queryable = fixture.handle.db): Promise<Environment> =>
    (await stores.environments(db).list(project.id))[0]!;
  const commit = <T>(work: Parameters<StorageFixture['services']['unit']['commit']>[2], req = request) =>
    fixture.services.unit.commit(req, { project }, work) as Promise<T>;
  const findFlag = (key: string) => stores.flags(fixture.handle.db).find(project.id, key);

  it('commits the change, the environment version and the audit entry together, then publishes', async () => {
    const before = await auditCount();
    await commit(async (scope) => {
      const flag = await stores.flags(scope.tx).insert(project.id, 'checkout', flagFields, scope.now);
      const env = await environment(scope.tx);
      await stores
        .flagConfigs(scope.tx)
        .save(
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
      commit(async (scope) => {
        await stores.flags(scope.tx).insert(project.id, 'half', flagFields, scope.now);
        scope.audit({ action: 'flag.create', resourceType: 'flag', resource: 'x', before: null, after: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await findFlag('half')).toBeUndefined();
    expect(await auditCount()).toBe(before);
    expect((await environment()).version).toBe(1);
  });

  it('refuses a change whose resulting flag set is invalid, naming the problem, and writes nothing', async () => {
    const before = await auditCount();
    const error = await commit(async (scope) => {
      const flag = await stores.flags(scope.tx).insert(project.id, 'broken', flagFields, scope.now);
      const env = await environment(scope.tx);
      const targeting = { if: [{ '==': [{ $ref: 'no-such-segment' }, 1] }, 'on', 'off'] };
      await stores
        .flagConfigs(scope.tx)
        .save(flag.id, env.id, { state: 'ENABLED', defaultVariant: 'on', targeting }, undefined, scope.now);
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).issues.some((i) => i.path.startsWith('/flags/broken/targeting'))).toBe(true);
    expect(await findFlag('broken')).toBeUndefined();
    expect(await auditCount()).toBe(before);
    expect((await environment()).version).toBe(1);
  });

  it('does not bump versions when a change leaves every flag set as it was', async () => {
    await commit(async (scope) => {
      scope.audit({ action: 'noop', resourceType: 'x', resource: 'x', before: null, after: null });
    });
    expect((await environment()).version).toBe(1);
  });

  it('serialises concurrent writers of one project: every commit gets its own version', async () => {
    const writers = Array.from({ length: 8 }, (_, i) =>
      commit(
        async (scope) => {
          await stores.flags(scope.tx).insert(project.id, `flag-${i}`, flagFields, scope.now);
          const env = await environment(scope.tx);
          const flag = (await stores.flags(scope.tx).find(project.id, `flag-${i}`))!;
          await stores
            .flagConfigs(scope.tx)
            .save(
              flag.id,
              env.id,
              { state: 'DISABLED', defaultVariant: 'off', targeting: null },
              undefined,
              scope.now,
            );
        },
        { ...request, requestId: `r${i}` },
      ),
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
    const project = await createProject(fixture);
    await fixture.services.commands.execute({
      command: {
        action: 'flag.create',
        target: { project: 'p' },
        payload: { key: 'checkout', variants: { on: true, off: false } },
      },
      actor: request.actor,
      requestId: 'setup',
    });
    await fixture.services.commands.execute({
      command: {
        action: 'flag-config.replace',
        target: { project: 'p', environment: 'dev', flag: 'checkout' },
        payload: { state: 'ENABLED', defaultVariant: 'on' },
      },
      actor: request.actor,
      requestId: 'setup',
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
      const loading = fixture.services.documents.publishAll(fixture.handle.db, registry);
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
      const env = (await stores.environments(fixture.handle.db).list(project.id))[0]!;
      const checkout = registry.get(env.id)?.document.flags.checkout;
      expect(checkout).toBeDefined();
      expect(Object.keys(checkout!.variants)).toContain(checkout!.defaultVariant);
    } finally {
      await watcher.end();
    }
  });
});
