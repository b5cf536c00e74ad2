import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { dumpDatabase } from '../support/dump-database.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('rollout API tests (PostgreSQL)');
const P = '/api/v1/projects/default';
const E = `${P}/environments/production`;
const bounds = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000, '+Inf'] as const;

const plan = (flag: string, extra: Record<string, unknown> = {}) => ({
  flag,
  variant: 'on',
  control: 'off',
  schedule: { shape: 'linear', start: 10, step: 30, interval: '1h' },
  guardrails: [{ metric: 'error-rate', max: 0.05 }],
  ...extra,
});

describe.each(targets)('the rollout API on %s', (target) => {
  let t: TestServer;
  let serverKey: string;
  beforeAll(async () => {
    t = await startTestServer(target, { rolloutIntervalMs: 100, telemetryFlushMs: 50 });
    serverKey = (await t.api('POST', `${E}/sdk-keys`, { name: 'svc', kind: 'server' })).body.key;
  });
  afterAll(() => t?.stop());

  const flag = async (key: string) =>
    expect((await t.api('POST', `${P}/flags`, { key, variants: { on: true, off: false } })).status).toBe(201);
  const flagSet = async () => (await t.api('GET', `${E}/flagset`)).body;
  const eventually = async <T>(probe: () => Promise<T>, accept: (value: T) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const value = await probe();
      if (accept(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return probe();
  };

  it('refuses a bad plan with every problem at its field, suggesting misspelt names, and writes nothing', async () => {
    await flag('bad-plans');
    const before = await dumpDatabase(t.database.location);
    const response = await t.api('POST', `${E}/rollouts`, {
      ...plan('bad-plans'),
      variant: 'maybe',
      schedule: { shape: 'linear', start: 10, step: 30, intervall: '1h' },
      rings: [{ name: 'staff', segment: 'no-such-segment' }],
    });
    expect(response.status).toBe(400);
    const issues = response.body.error.issues.map((i: { path: string }) => i.path);
    expect(issues).toEqual(expect.arrayContaining(['/body/schedule/intervall']));
    expect(response.text).toContain('did you mean \\"interval\\"');
    const second = await t.api('POST', `${E}/rollouts`, {
      ...plan('bad-plans'),
      variant: 'maybe',
      rings: [{ name: 'staff', segment: 'no-such-segment' }],
    });
    expect(second.status).toBe(400);
    expect(second.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: '/body/variant', message: expect.stringContaining('"maybe" is not a variant') },
        { path: '/body/rings/0/segment', message: expect.stringContaining('does not exist') },
      ]),
    );
    expect(await dumpDatabase(t.database.location)).toEqual(before);
  });

  it('keeps the rules before its slot exactly, and refuses a flag whose fallback serves another variant', async () => {
    await flag('ruled');
    const rules = { if: [{ '==': [{ var: 'country' }, 'DE'] }, 'off'] };
    await t.api('PUT', `${E}/flags/ruled`, { state: 'ENABLED', defaultVariant: 'off', targeting: rules });
    const started = await t.api('POST', `${E}/rollouts`, plan('ruled'));
    expect(started.status, started.text).toBe(201);
    expect(started.body).toMatchObject({ status: 'running', weight: 10, step: { index: 0, count: 4 } });
    expect((await flagSet()).flags.ruled.targeting).toEqual({
      if: [
        ...rules.if,
        {
          fractional: [
            ['on', 1000],
            ['off', 9000],
          ],
        },
      ],
    });
    // One active rollout per flag and environment.
    expect((await t.api('POST', `${E}/rollouts`, plan('ruled'))).status).toBe(409);

    await flag('fallback');
    await t.api('PUT', `${E}/flags/fallback`, {
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: { if: [{ '==': [{ var: 'country' }, 'DE'] }, 'off', 'on'] },
    });
    const refused = await t.api('POST', `${E}/rollouts`, plan('fallback'));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('serves "on" to everyone');
  });

  it('pauses, resumes, promotes and rolls back, each on the timeline and in the audit trail', async () => {
    await flag('lifecycle');
    const { id } = (await t.api('POST', `${E}/rollouts`, plan('lifecycle'))).body;
    const paused = await t.api('POST', `${E}/rollouts/${id}/pause`, {
      reason: 'waiting for the release notes',
    });
    expect(paused.body).toMatchObject({ status: 'paused', reason: 'waiting for the release notes' });
    expect((await t.api('POST', `${E}/rollouts/${id}/pause`)).status).toBe(409);
    expect((await t.api('POST', `${E}/rollouts/${id}/resume`)).body.status).toBe('running');
    const promoted = await t.api(
      'POST',
      `${E}/rollouts/${id}/promote`,
      {},
      { headers: { 'x-change-reason': 'ship it' } },
    );
    expect(promoted.body).toMatchObject({ status: 'completed', weight: 100 });
    expect((await flagSet()).flags.lifecycle).toMatchObject({ state: 'ENABLED', defaultVariant: 'on' });
    expect((await t.api('POST', `${E}/rollouts/${id}/rollback`)).status).toBe(409);
    const detail = (await t.api('GET', `${E}/rollouts/${id}`)).body;
    const moves = detail.timeline
      .map((e: { action: string }) => e.action)
      .filter((a: string) => a !== 'hold');
    expect(moves).toEqual(['start', 'pause', 'resume', 'complete']);
    const audit = (await t.api('GET', '/api/v1/audit?flag=lifecycle&limit=50')).body.entries;
    const promote = audit.find((e: { action: string }) => e.action === 'rollout.complete');
    expect(promote).toMatchObject({ reason: 'ship it', actor: { name: 'SWITCHYARD_ADMIN_TOKEN' } });

    await flag('undo');
    const undo = (await t.api('POST', `${E}/rollouts`, plan('undo', { safeVariant: 'off' }))).body;
    const rolledBack = await t.api('POST', `${E}/rollouts/${undo.id}/rollback`, {
      reason: 'support tickets',
    });
    expect(rolledBack.body).toMatchObject({ status: 'rolled-back', weight: 0, reason: 'support tickets' });
    expect((await flagSet()).flags.undo).toMatchObject({ defaultVariant: 'off' });
    expect((await flagSet()).flags.undo.targeting).toBeUndefined();
  });

  it('pauses instead of fighting a person who edits the flag, and resumes keeping their rules', async () => {
    await flag('edited');
    const { id } = (await t.api('POST', `${E}/rollouts`, plan('edited'))).body;
    const current = (await flagSet()).flags.edited.targeting;
    const theirs = {
      if: [{ '==': [{ var: 'plan' }, 'vip'] }, 'off', ...(current.if ? current.if : [current])],
    };
    await t.api('PATCH', `${E}/flags/edited`, { targeting: theirs });
    const paused = await eventually(
      async () => (await t.api('GET', `${E}/rollouts/${id}`)).body,
      (r) => r.status === 'paused',
    );
    expect(paused.reason).toContain('changed outside the rollout');
    expect((await flagSet()).flags.edited.targeting).toEqual(theirs);
    expect((await t.api('POST', `${E}/rollouts/${id}/resume`)).body.status).toBe('running');
    // Their rule stays in front of the rollout's.
    expect((await flagSet()).flags.edited.targeting).toEqual(theirs);
  });

  it('kills a flag: its safe variant for everyone, and its rollout ends rolled back', async () => {
    await t.api('POST', `${P}/flags`, {
      key: 'killable',
      variants: { on: true, off: false, broken: true },
      safeVariant: 'off',
    });
    const { id } = (await t.api('POST', `${E}/rollouts`, plan('killable'))).body;
    const killed = await t.api('POST', `${E}/flags/killable/kill`, { reason: 'incident 42' });
    expect(killed.status).toBe(200);
    expect(killed.body).toMatchObject({
      safeVariant: 'off',
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: null,
    });
    const sync = await fetch(`${t.server.url}/sdk/v1/flagset`, { headers: { 'x-api-key': serverKey } });
    expect(((await sync.json()) as { flags: Record<string, unknown> }).flags.killable).toEqual({
      state: 'ENABLED',
      variants: { on: true, off: false, broken: true },
      defaultVariant: 'off',
    });
    expect((await t.api('GET', `${E}/rollouts/${id}`)).body).toMatchObject({ status: 'rolled-back' });
    const audit = (await t.api('GET', '/api/v1/audit?flag=killable&limit=10')).body.entries;
    expect(audit.some((e: { action: string }) => e.action === 'flag.kill')).toBe(true);
  });

  it('takes telemetry from server keys only, checks it, and the controller decides on it', async () => {
    const clientKey = (await t.api('POST', `${E}/sdk-keys`, { name: 'web', kind: 'client' })).body.key;
    const send = (key: string, body: unknown) =>
      fetch(`${t.server.url}/sdk/v1/telemetry`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const entry = (variant: string, n: number, errors: number) => ({
      flag: 'measured',
      variant,
      n,
      errors,
      latency: {
        sum: n * 10,
        sumSquares: n * 100,
        buckets: bounds.map((le) => ({ le, count: le === 5 ? 0 : n })),
      },
    });
    expect((await send(clientKey, { variants: [entry('on', 1, 0)] })).status).toBe(403);
    const bad = await send(serverKey, { variants: [{ ...entry('on', 5, 9) }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe(
      '/body/variants/0/errors',
    );

    await flag('measured');
    const { id } = (await t.api('POST', `${E}/rollouts`, plan('measured', { minSamples: 50 }))).body;
    expect((await send(serverKey, { variants: [entry('on', 60, 20), entry('off', 600, 1)] })).status).toBe(
      202,
    );
    const done = await eventually(
      async () => (await t.api('GET', `${E}/rollouts/${id}`)).body,
      (r) => r.status !== 'running',
    );
    expect(done.status).toBe('rolled-back');
    const rollback = done.timeline.find((e: { action: string }) => e.action === 'rollback');
    expect(rollback.evidence.variants.find((v: { variant: string }) => v.variant === 'on')).toMatchObject({
      n: 60,
      errors: 20,
    });
  });
});
