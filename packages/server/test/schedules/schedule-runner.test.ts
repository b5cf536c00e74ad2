import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenActor } from '../../src/admin-tokens/token-actor.js';
import { unrestricted } from '../../src/kernel/access.js';
import type { Actor } from '../../src/kernel/actor.js';
import { type RunScheduleDeps, runClaimedSchedule } from '../../src/schedules/run-schedule.js';
import { ScheduleRunner } from '../../src/schedules/schedule-runner.js';
import type { Schedule } from '../../src/schedules/schedule-store.js';
import { openStorage, type StorageFixture, silentLog, stores } from '../support/storage-fixture.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('schedule runner tests (PostgreSQL)');

const log = { ...silentLog, warn() {} };
const seconds = (n: number) => n * 1000;

describe.each(targets)('the schedule runner on %s', (target) => {
  let fixture: StorageFixture;
  let actor: Actor;
  /** The runners' clock; the schedule is due at `due`. */
  let clock: Date;
  let due: Date;
  let scheduleId: string;

  const store = () => stores.schedules(fixture.handle.db, fixture.handle.dialect);
  const actors = {
    current: (db: Parameters<typeof stores.adminTokens>[0], id: string) =>
      tokenActor(stores.adminTokens(db, fixture.handle.dialect), id),
  };
  const runDeps = (overrides: Partial<RunScheduleDeps> = {}): RunScheduleDeps => ({
    db: fixture.handle.db,
    dialect: fixture.handle.dialect,
    schedules: stores.schedules,
    commands: fixture.services.commands,
    actors,
    maxAttempts: 3,
    now: () => clock,
    log,
    ...overrides,
  });
  const runner = (replica: string, overrides: Partial<RunScheduleDeps> = {}) =>
    new ScheduleRunner({
      ...runDeps(overrides),
      db: fixture.handle.db,
      replica,
      now: () => clock,
      claimTimeoutMs: seconds(60),
    });
  const claim = (replica: string, claimId: string) =>
    store().claim(
      scheduleId,
      { replica, claimId },
      clock.toISOString(),
      new Date(clock.getTime() - seconds(60)).toISOString(),
    );
  const runEntries = async () =>
    (await stores.audit(fixture.handle.db).query({ limit: 500 })).filter(
      (e) => e.requestId === `schedule:${scheduleId}`,
    );
  const flagState = async () =>
    (await fixture.handle.db.selectFrom('flag_configs').select('state').execute()).map((row) => row.state);

  beforeEach(async () => {
    fixture = await openStorage(target);
    const { token } = await stores
      .adminTokens(fixture.handle.db, fixture.handle.dialect)
      .insert({ name: 'scheduler', role: 'admin', projects: null, grants: [] }, new Date().toISOString());
    actor = { id: `admin-token:${token.id}`, name: 'scheduler', access: unrestricted('admin') };
    const run = (command: object) =>
      fixture.services.commands.execute({ command: command as never, actor, requestId: 'setup' });
    await run({
      action: 'project.create',
      target: {},
      payload: { key: 'p', environments: [{ key: 'prod' }] },
    });
    await run({
      action: 'flag.create',
      target: { project: 'p' },
      payload: { key: 'f', variants: { on: true, off: false } },
    });
    const created = (await run({
      action: 'schedule.create',
      target: {},
      payload: {
        command: {
          action: 'flag-config.update',
          target: { project: 'p', environment: 'prod', flag: 'f' },
          payload: { state: 'ENABLED' },
        },
        at: new Date(Date.now() + seconds(5)).toISOString(),
      },
    })) as { id: string; runAt: string };
    scheduleId = created.id;
    due = new Date(created.runAt);
    clock = new Date(due.getTime() + 10);
  });
  afterEach(() => fixture?.close());

  it('runs nothing before it is due', async () => {
    clock = new Date(due.getTime() - 1);
    await runner('a').round();
    expect((await store().find(scheduleId))?.status).toBe('pending');
  });

  it('claims a due schedule in one statement: of two claimers exactly one gets it', async () => {
    const results = await Promise.all([claim('a', 'claim-a'), claim('b', 'claim-b')]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await claim('c', 'claim-c')).toBeUndefined();
  });

  it('takes over a claim that outlived its replica, and runs the command once', async () => {
    expect(await claim('dead', 'claim-dead')).toBeDefined();
    // Still fresh: nobody else touches it.
    clock = new Date(clock.getTime() + seconds(30));
    await runner('b').round();
    expect(await store().find(scheduleId)).toMatchObject({ status: 'running', claimedBy: 'dead' });
    clock = new Date(clock.getTime() + seconds(31));
    await runner('b').round();
    expect(await store().find(scheduleId)).toMatchObject({
      status: 'succeeded',
      claimedBy: 'b',
      attempts: 2,
    });
    expect(await runEntries()).toHaveLength(1);
    expect(await flagState()).toEqual(['ENABLED']);
  });

  it('rolls back the run of a replica whose claim was taken over: the command commits once', async () => {
    const slow = (await claim('slow', 'claim-slow')) as Schedule;
    clock = new Date(clock.getTime() + seconds(61));
    const taker = (await claim('taker', 'claim-taker')) as Schedule;
    expect(taker).toMatchObject({ claimId: 'claim-taker', attempts: 2 });
    // The slow replica wakes up and runs with its old claim: its change is rolled back.
    expect(await runClaimedSchedule(runDeps(), slow)).toBe('lost');
    expect(await runEntries()).toHaveLength(0);
    expect(await flagState()).toEqual(['DISABLED']);
    expect(await runClaimedSchedule(runDeps(), taker)).toBe('succeeded');
    // Running it again under the same claim commits nothing either: the outcome is already recorded.
    expect(await runClaimedSchedule(runDeps(), taker)).toBe('lost');
    expect(await store().find(scheduleId)).toMatchObject({ status: 'succeeded', claimedBy: 'taker' });
    expect(await runEntries()).toHaveLength(1);
  });

  it('retries an unexpected error a few times, then records it as failed', async () => {
    const broken = { execute: async () => Promise.reject(new Error('connection reset')) };
    for (const expected of ['pending', 'pending', 'failed']) {
      await runner('a', { commands: broken }).round();
      expect((await store().find(scheduleId))?.status).toBe(expected);
    }
    expect(await store().find(scheduleId)).toMatchObject({
      attempts: 3,
      error: { code: 'INTERNAL', message: 'the command failed unexpectedly 3 times (see the server log)' },
    });
  });

  it('does not commit a change whose token is revoked while it is being made', async () => {
    const claimed = (await claim('a', 'claim-a')) as Schedule;
    let calls = 0;
    const revokedMidway = {
      current: async (db: Parameters<typeof actors.current>[0], id: string) =>
        ++calls === 1 ? actors.current(db, id) : { refused: 'the admin token "scheduler" was revoked' },
    };
    expect(await runClaimedSchedule(runDeps({ actors: revokedMidway }), claimed)).toBe('failed');
    expect(await store().find(scheduleId)).toMatchObject({
      status: 'failed',
      error: { code: 'UNAUTHORIZED' },
    });
    expect(await runEntries()).toHaveLength(0);
    expect(await flagState()).toEqual(['DISABLED']);
  });
});
