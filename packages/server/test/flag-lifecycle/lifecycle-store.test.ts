import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultLifecycleSettings } from '../../src/lifecycle/lifecycle-settings.js';
import { evaluationKey } from '../../src/lifecycle/lifecycle-store.js';
import { openStorage, type StorageFixture, stores, testActor } from '../support/storage-fixture.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('lifecycle store tests (PostgreSQL)');

describe.each(targets)('the lifecycle store on %s', (target) => {
  let fixture: StorageFixture;
  let projectId: string;
  let environmentId: string;
  const store = () => stores.lifecycle(fixture.handle.db);

  beforeEach(async () => {
    fixture = await openStorage(target);
    await fixture.services.commands.execute({
      command: {
        action: 'project.create',
        target: {},
        payload: { key: 'p', environments: [{ key: 'prod' }] },
      },
      actor: testActor,
      requestId: 'setup',
    });
    projectId = (await stores.projects(fixture.handle.db).find('p'))!.id;
    environmentId = (await stores.environments(fixture.handle.db).list(projectId))[0]!.id;
  });
  afterEach(() => fixture?.close());

  it('lets exactly one of several replicas claim a due digest', async () => {
    const digest = {
      url: 'http://127.0.0.1:9/x',
      secret: 'sixteen-chars-secret',
      schedule: 'daily' as const,
    };
    const due = '2026-01-02T00:00:00.000Z';
    await store().save(await store().get(projectId), { ...defaultLifecycleSettings, digest }, due, due);
    expect((await store().listDueDigests('2026-01-01T23:59:59.999Z')).length).toBe(0);
    expect((await store().listDueDigests(due)).map((l) => l.projectId)).toEqual([projectId]);
    const next = '2026-01-03T00:00:00.000Z';
    const claims = await Promise.all([1, 2, 3].map(() => store().claimDigest(projectId, due, next)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await store().get(projectId)).digestDueAt).toBe(next);
  });

  it('keeps the latest evaluation per environment and flag, ignoring environments that are gone', async () => {
    await store().recordEvaluations([
      { environmentId, flagKey: 'f', at: '2026-01-02T00:00:00.000Z' },
      { environmentId: 'deleted-environment', flagKey: 'f', at: '2026-01-02T00:00:00.000Z' },
    ]);
    // An older time (a replica whose batch arrives late) does not move it back.
    await store().recordEvaluations([{ environmentId, flagKey: 'f', at: '2026-01-01T00:00:00.000Z' }]);
    let latest = await store().lastEvaluations([environmentId, 'deleted-environment']);
    expect([...latest]).toEqual([[evaluationKey(environmentId, 'f'), '2026-01-02T00:00:00.000Z']]);
    await store().recordEvaluations([{ environmentId, flagKey: 'f', at: '2026-01-05T00:00:00.000Z' }]);
    latest = await store().lastEvaluations([environmentId]);
    expect(latest.get(evaluationKey(environmentId, 'f'))).toBe('2026-01-05T00:00:00.000Z');
  });
});
