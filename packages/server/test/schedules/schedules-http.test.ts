import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';
import { configCommand, entriesOfRun, inMs, scheduleWhen, sdkFlagSet, sleep } from './schedule-support.js';

const targets = await storageTargets('schedule tests (PostgreSQL)');

describe.each(targets)('scheduled commands over HTTP on %s', (target) => {
  let t: TestServer;
  let sdkKey: string;
  const flags = ['launch', 'cancelled', 'overtaken', 'revoked', 'demoted', 'scoped'];

  beforeAll(async () => {
    t = await startTestServer(target, { scheduleIntervalMs: 100 });
    for (const key of flags) {
      const created = await t.api('POST', '/api/v1/projects/default/flags', {
        key,
        variants: { on: true, off: false },
      });
      expect(created.status, created.text).toBe(201);
    }
    const key = await t.api('POST', '/api/v1/projects/default/environments/production/sdk-keys', {
      name: 'app',
      kind: 'server',
    });
    sdkKey = key.body.key;
  });
  afterAll(() => t?.stop());

  const schedule = (body: unknown, token?: string) =>
    t.api('POST', '/api/v1/schedules', body, token === undefined ? {} : { token });
  const token = async (body: Record<string, unknown>) => {
    const created = await t.api('POST', '/api/v1/admin-tokens', body);
    expect(created.status, created.text).toBe(201);
    return created.body as { id: string; token: string };
  };

  it('runs a command once at its time, as its scheduler, with its reason, and records the result', async () => {
    const created = await schedule({
      command: configCommand('launch', { state: 'ENABLED', defaultVariant: 'on' }),
      at: inMs(1500),
      reason: 'launch, ticket SHOP-12',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id;
    expect(created.body).toMatchObject({
      status: 'pending',
      timeZone: 'UTC',
      reason: 'launch, ticket SHOP-12',
      project: 'default',
      environment: 'production',
      createdBy: { name: expect.any(String), id: expect.stringMatching(/^admin-token:/) },
      result: null,
      error: null,
      attempts: 0,
      version: 1,
    });
    expect(Date.parse(created.body.runAt)).toBeGreaterThan(Date.now());
    expect((await sdkFlagSet(t, sdkKey)).flags.launch.state).toBe('DISABLED');

    const ran = await scheduleWhen(t, id);
    expect(ran).toMatchObject({ status: 'succeeded', attempts: 1, error: null });
    expect(ran.result).toMatchObject({ state: 'ENABLED', defaultVariant: 'on' });
    expect(Date.parse(ran.startedAt)).toBeGreaterThanOrEqual(Date.parse(ran.runAt));
    expect(ran.finishedAt).not.toBeNull();
    expect(ran.ranOn).toEqual(expect.any(String));
    expect((await sdkFlagSet(t, sdkKey)).flags.launch).toMatchObject({
      state: 'ENABLED',
      defaultVariant: 'on',
    });

    await sleep(400);
    const entries = await entriesOfRun(t, id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'flag-config.update',
      actor: created.body.createdBy,
      reason: 'launch, ticket SHOP-12',
      flag: 'launch',
    });
    const { body: audit } = await t.api('GET', '/api/v1/audit?limit=500');
    const scheduling = audit.entries.filter((e: { resource: string }) => e.resource === `schedules/${id}`);
    expect(scheduling.map((e: { action: string }) => e.action)).toEqual(['schedule.create']);
  });

  it('never runs a schedule cancelled before its time; a second cancel is a conflict', async () => {
    const created = await schedule({
      command: configCommand('cancelled', { state: 'ENABLED' }),
      at: inMs(2500),
    });
    const id = created.body.id;
    const stale = await t.api('DELETE', `/api/v1/schedules/${id}`, undefined, {
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    const cancelled = await t.api('DELETE', `/api/v1/schedules/${id}`, undefined, {
      headers: { 'if-match': '"1"', 'x-change-reason': 'not yet' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: created.body.createdBy,
      version: 2,
    });

    // Past its time, and a few looks of the runner later.
    await sleep(Date.parse(created.body.runAt) - Date.now() + 600);
    expect((await t.api('GET', `/api/v1/schedules/${id}`)).body).toMatchObject({
      status: 'cancelled',
      attempts: 0,
      startedAt: null,
    });
    expect((await sdkFlagSet(t, sdkKey)).flags.cancelled.state).toBe('DISABLED');
    expect(await entriesOfRun(t, id)).toEqual([]);
    const again = await t.api('DELETE', `/api/v1/schedules/${id}`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('is cancelled: only a pending schedule can be cancelled');
    const { body: audit } = await t.api('GET', '/api/v1/audit?limit=500');
    const cancelEntry = audit.entries.find(
      (e: { action: string; resource: string }) =>
        e.action === 'schedule.cancel' && e.resource === `schedules/${id}`,
    );
    expect(cancelEntry).toMatchObject({
      reason: 'not yet',
      before: { status: 'pending' },
      after: { status: 'cancelled' },
    });
  });

  it('records a 412 when the expected version was overtaken, and changes nothing', async () => {
    const path = '/api/v1/projects/default/environments/production/flags/overtaken';
    const version = (await t.api('GET', path)).body.version;
    const created = await schedule({
      command: configCommand('overtaken', { state: 'ENABLED' }, { expectedVersion: version }),
      at: inMs(2000),
    });
    expect(created.status, created.text).toBe(201);
    // Someone changes the flag meanwhile.
    expect((await t.api('PATCH', path, { defaultVariant: 'on' })).status).toBe(200);

    const ran = await scheduleWhen(t, created.body.id);
    expect(ran).toMatchObject({ status: 'failed', result: null, attempts: 1 });
    expect(ran.error.code).toBe('PRECONDITION_FAILED');
    expect(ran.error.message).toContain(`not ${version}`);
    expect((await sdkFlagSet(t, sdkKey)).flags.overtaken).toMatchObject({
      state: 'DISABLED',
      defaultVariant: 'on',
    });
    expect(await entriesOfRun(t, created.body.id)).toEqual([]);
  });

  it('fails a schedule whose token was revoked, or no longer may, by run time', async () => {
    const revoked = await token({ name: 'leaver', role: 'editor' });
    const demoted = await token({ name: 'moved-team', role: 'editor' });
    const first = await schedule(
      { command: configCommand('revoked', { state: 'ENABLED' }), at: inMs(2000) },
      revoked.token,
    );
    const second = await schedule(
      { command: configCommand('demoted', { state: 'ENABLED' }), at: inMs(2000) },
      demoted.token,
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.createdBy).toEqual({ id: `admin-token:${revoked.id}`, name: 'leaver' });
    expect((await t.api('DELETE', `/api/v1/admin-tokens/${revoked.id}`)).status).toBe(200);
    expect((await t.api('PATCH', `/api/v1/admin-tokens/${demoted.id}`, { role: 'viewer' })).status).toBe(200);

    const [gone, lowered] = [await scheduleWhen(t, first.body.id), await scheduleWhen(t, second.body.id)];
    expect(gone).toMatchObject({ status: 'failed', error: { code: 'UNAUTHORIZED' } });
    expect(gone.error.message).toMatch(
      /the admin token "leaver" \(sy_admin_.*\) was revoked at .*: the schedule does not run/,
    );
    expect(lowered).toMatchObject({ status: 'failed', error: { code: 'FORBIDDEN' } });
    expect(lowered.error.message).toContain(
      'an admin token with role "viewer" cannot change environment "production"',
    );
    const flagSet = await sdkFlagSet(t, sdkKey);
    expect([flagSet.flags.revoked.state, flagSet.flags.demoted.state]).toEqual(['DISABLED', 'DISABLED']);
  });

  it('refuses to schedule what the token may not run now: a viewer, an editor of another environment', async () => {
    const viewer = await token({ name: 'watcher', role: 'viewer' });
    const devEditor = await token({
      name: 'dev-team',
      role: 'viewer',
      grants: [{ role: 'editor', environment: 'development' }],
    });
    const at = inMs(60_000);
    const byViewer = await schedule(
      { command: configCommand('scoped', { state: 'ENABLED' }), at },
      viewer.token,
    );
    expect(byViewer.status).toBe(403);
    expect(byViewer.body.error.message).toContain('role "viewer" cannot change environment "production"');
    const devToProd = await schedule(
      { command: configCommand('scoped', { state: 'ENABLED' }), at },
      devEditor.token,
    );
    expect(devToProd.status).toBe(403);
    const devToDev = await schedule(
      { command: configCommand('scoped', { state: 'ENABLED' }, {}, 'development'), at },
      devEditor.token,
    );
    expect(devToDev.status, devToDev.text).toBe(201);
    // The viewer reads the project, so sees it, but may not cancel it; its maker may.
    const seen = await t.api('GET', `/api/v1/schedules/${devToDev.body.id}`, undefined, {
      token: viewer.token,
    });
    expect(seen.status).toBe(200);
    expect(
      (await t.api('DELETE', `/api/v1/schedules/${devToDev.body.id}`, undefined, { token: viewer.token }))
        .status,
    ).toBe(403);
    expect(
      (await t.api('DELETE', `/api/v1/schedules/${devToDev.body.id}`, undefined, { token: devEditor.token }))
        .status,
    ).toBe(200);
  });

  it('checks the command as a plan when it is scheduled, with issues pointing into it', async () => {
    const at = inMs(60_000);
    const badPayload = await schedule({ command: configCommand('scoped', { state: 'ON' }), at });
    expect(badPayload.status).toBe(400);
    expect(badPayload.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      '/body/command/payload/state',
    ]);
    const badAction = await schedule({
      command: { ...configCommand('scoped', {}), action: 'flag-config.updat' },
      at,
    });
    expect(badAction.body.error.issues).toEqual([
      { path: '/body/command/action', message: expect.stringContaining("did you mean 'flag-config.update'") },
    ]);
    const missingFlag = await schedule({ command: configCommand('nope', { state: 'ENABLED' }), at });
    expect(missingFlag.status).toBe(404);
    const missingTarget = await schedule({
      command: {
        action: 'flag-config.update',
        target: { project: 'default' },
        payload: { state: 'ENABLED' },
      },
      at,
    });
    expect(missingTarget.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      '/body/command/target/environment',
      '/body/command/target/flag',
    ]);
    const nested = await schedule({ command: { action: 'schedule.cancel', target: { id: 'x' } }, at });
    expect(nested.body.error.issues[0]).toMatchObject({ path: '/body/command/action' });
    // A bad command and a bad time are reported together.
    const both = await schedule({ command: configCommand('scoped', { state: 'ON' }), at: 'soon' });
    expect(both.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      '/body/command/payload/state',
      '/body/at',
    ]);
    const unknownField = await schedule({ command: configCommand('scoped', {}), at, timezone: 'UTC' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.issues[0].message).toContain("did you mean 'timeZone'");
  });

  it('reads wall times in their zone and refuses DST gaps and overlaps, naming the field', async () => {
    const command = configCommand('scoped', { state: 'ENABLED' });
    const paris = await schedule({ command, at: '2027-12-01T09:00', timeZone: 'Europe/Paris' });
    expect(paris.status, paris.text).toBe(201);
    expect(paris.body).toMatchObject({
      runAt: '2027-12-01T08:00:00.000Z',
      timeZone: 'Europe/Paris',
      localRunAt: '2027-12-01T09:00:00+01:00',
    });
    const summer = await schedule({ command, at: '2027-07-01T09:00', timeZone: 'Europe/Paris' });
    expect(summer.body.runAt).toBe('2027-07-01T07:00:00.000Z');
    const gap = await schedule({ command, at: '2027-03-28T02:30', timeZone: 'Europe/Paris' });
    expect(gap.status).toBe(400);
    expect(gap.body.error.issues[0]).toMatchObject({ path: '/body/at' });
    expect(gap.body.error.issues[0].message).toContain('does not exist in Europe/Paris');
    const overlap = await schedule({ command, at: '2027-10-31T02:30', timeZone: 'Europe/Paris' });
    expect(overlap.body.error.issues[0].message).toContain('happens twice in Europe/Paris');
    const chosen = await schedule({ command, at: '2027-10-31T02:30+01:00', timeZone: 'Europe/Paris' });
    expect(chosen.body.runAt).toBe('2027-10-31T01:30:00.000Z');
    const unknown = await schedule({ command, at: '2027-12-01T09:00', timeZone: 'Europe/Pariss' });
    expect(unknown.body.error.issues[0]).toMatchObject({ path: '/body/timeZone' });
    const noZone = await schedule({ command, at: '2027-12-01T09:00' });
    expect(noZone.body.error.issues[0]).toMatchObject({ path: '/body/timeZone' });
    const past = await schedule({ command, at: '2020-01-01T00:00:00Z' });
    expect(past.body.error.issues[0]).toMatchObject({ path: '/body/at' });
    for (const id of [paris.body.id, summer.body.id, chosen.body.id])
      expect((await t.api('DELETE', `/api/v1/schedules/${id}`)).status).toBe(200);
  });

  it('lists schedules by status and project, showing a token limited to a project only its own', async () => {
    const other = await t.api('POST', '/api/v1/projects', { key: 'other', environments: [{ key: 'prod' }] });
    expect(other.status).toBe(201);
    await t.api('POST', '/api/v1/projects/other/flags', { key: 'x', variants: { on: true, off: false } });
    const inOther = await schedule({
      command: {
        action: 'flag-config.update',
        target: { project: 'other', environment: 'prod', flag: 'x' },
        payload: { state: 'ENABLED' },
      },
      at: inMs(60_000),
    });
    const inDefault = await schedule({
      command: configCommand('scoped', { state: 'ENABLED' }),
      at: inMs(60_000),
    });
    const limited = await token({ name: 'other-team', role: 'editor', projects: ['other'] });

    const pending = (await t.api('GET', '/api/v1/schedules?status=pending')).body.schedules.map(
      (s: { id: string }) => s.id,
    );
    expect(pending).toEqual(expect.arrayContaining([inOther.body.id, inDefault.body.id]));
    const ofOther = (await t.api('GET', '/api/v1/schedules?project=other')).body.schedules;
    expect(ofOther.map((s: { id: string }) => s.id)).toEqual([inOther.body.id]);
    const succeeded = (await t.api('GET', '/api/v1/schedules?status=succeeded')).body.schedules;
    expect(succeeded.every((s: { status: string }) => s.status === 'succeeded')).toBe(true);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);

    const seen = (await t.api('GET', '/api/v1/schedules', undefined, { token: limited.token })).body
      .schedules;
    expect(seen.map((s: { id: string }) => s.id)).toEqual([inOther.body.id]);
    const hidden = await t.api('GET', `/api/v1/schedules/${inDefault.body.id}`, undefined, {
      token: limited.token,
    });
    expect(hidden.status).toBe(403);
    expect(hidden.body.error.message).toContain(
      'is in project "default", which this admin token cannot read',
    );
    expect(
      (await t.api('DELETE', `/api/v1/schedules/${inDefault.body.id}`, undefined, { token: limited.token }))
        .status,
    ).toBe(403);
    expect((await t.api('GET', '/api/v1/schedules/no-such-schedule')).status).toBe(404);
    const own = await schedule(
      {
        command: {
          action: 'flag-config.update',
          target: { project: 'other', environment: 'prod', flag: 'x' },
          payload: { state: 'DISABLED' },
        },
        at: inMs(60_000),
      },
      limited.token,
    );
    expect(
      (await t.api('GET', `/api/v1/schedules/${own.body.id}`, undefined, { token: limited.token })).status,
    ).toBe(200);
    const badStatus = await t.api('GET', '/api/v1/schedules?status=done');
    expect(badStatus.status).toBe(400);
  });

  it('takes a schedule as a command value too (POST /commands)', async () => {
    const answer = await t.api('POST', '/api/v1/commands', {
      action: 'schedule.create',
      target: {},
      payload: {
        command: configCommand('scoped', { state: 'ENABLED' }),
        at: '2027-12-01T09:00',
        timeZone: 'America/New_York',
      },
      reason: 'as a value',
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.result).toMatchObject({
      status: 'pending',
      reason: 'as a value',
      runAt: '2027-12-01T14:00:00.000Z',
    });
    const badZone = await t.api('POST', '/api/v1/commands', {
      action: 'schedule.create',
      target: {},
      payload: {
        command: configCommand('scoped', { state: 'X' }),
        at: '2027-12-01T09:00',
        timeZone: 'Mars/Olympus',
      },
    });
    expect(badZone.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      '/payload/command/payload/state',
      '/payload/timeZone',
    ]);
  });
});
