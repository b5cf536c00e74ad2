import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('change request tests (PostgreSQL)');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(targets)('change requests over HTTP on %s', (target) => {
  let t: TestServer;
  let sdkKey: string;
  const tokens: Record<string, string> = {};
  const base = '/api/v1/projects/default';
  const prod = `${base}/environments/production`;

  beforeAll(async () => {
    t = await startTestServer(target, { scheduleIntervalMs: 100 });
    for (const key of ['checkout', 'banner', 'search', 'promo', 'later', 'danger', 'unscheduled']) {
      const created = await t.api('POST', `${base}/flags`, { key, variants: { on: true, off: false } });
      expect(created.status, created.text).toBe(201);
    }
    for (const [name, role] of [
      ['alice', 'editor'],
      ['bob', 'editor'],
      ['vera', 'viewer'],
    ] as const) {
      const created = await t.api('POST', '/api/v1/admin-tokens', { name, role });
      expect(created.status, created.text).toBe(201);
      tokens[name] = created.body.token;
    }
    const key = await t.api('POST', `${prod}/sdk-keys`, { name: 'app', kind: 'server' });
    sdkKey = key.body.key;
    const policy = await t.api('PUT', `${prod}/approval-policy`, {
      requiredApprovals: 1,
      approverRoles: ['editor', 'admin'],
      allowEmergencyBypass: true,
    });
    expect(policy.status, policy.text).toBe(200);
  });
  afterAll(() => t?.stop());

  const as = (name: string) => ({ token: tokens[name]! });
  const enable = (flag: string, name = 'alice', headers: Record<string, string> = {}) =>
    t.api(
      'PATCH',
      `${prod}/flags/${flag}`,
      { state: 'ENABLED', defaultVariant: 'on' },
      { ...as(name), headers },
    );
  const act = (id: string, what: string, name: string, body: unknown = {}) =>
    t.api('POST', `${base}/change-requests/${id}/${what}`, body, as(name));
  const evaluate = async (flag: string) => {
    const response = await fetch(`${t.server.url}/ofrep/v1/evaluate/flags/${flag}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': sdkKey },
      body: JSON.stringify({ context: { targetingKey: 'u1' } }),
    });
    return (await response.json()) as { value: unknown; variant: string };
  };
  const audit = async (flag: string) =>
    (await t.api('GET', `/api/v1/audit?flag=${flag}&project=default`)).body.entries as {
      action: string;
      actor: { name: string };
      approval: unknown;
    }[];

  it('holds a change to a production flag as a pending request (202 and Location), committing nothing', async () => {
    const held = await enable('checkout');
    expect(held.status, held.text).toBe(202);
    const request = held.body.changeRequest;
    expect(request).toMatchObject({
      status: 'pending',
      project: 'default',
      environments: ['production'],
      requestedBy: { name: 'alice' },
      requiredApprovals: 1,
      approvals: [],
      command: { action: 'flag-config.update', target: { flag: 'checkout', environment: 'production' } },
    });
    expect(request.plan.flagSets[0].flags.checkout.changes).toContainEqual({
      path: '/state',
      before: 'DISABLED',
      after: 'ENABLED',
    });
    expect(held.headers.get('location')).toBe(`${base}/change-requests/${request.id}`);
    expect((await evaluate('checkout')).value).not.toBe(true);
    const shown = await t.api('GET', held.headers.get('location')!);
    expect(shown.body).toMatchObject({ id: request.id, status: 'pending' });
    // A new flag is DISABLED everywhere, serving nothing: creating one is not held; variants are.
    const created = await t.api(
      'POST',
      `${base}/flags`,
      { key: 'fresh', variants: { a: 1, b: 2 } },
      as('alice'),
    );
    expect(created.status, created.text).toBe(201);
    const variants = await t.api(
      'PATCH',
      `${base}/flags/banner`,
      { variants: { on: true, off: false, dim: false } },
      as('alice'),
    );
    expect(variants.status, variants.text).toBe(202);
    expect(variants.body.changeRequest.environments).toEqual(['production']);
    expect((await act(variants.body.changeRequest.id, 'cancel', 'alice')).status).toBe(200);
    // Development has no policy: its changes commit directly.
    const dev = await t.api(
      'PATCH',
      `${base}/environments/development/flags/checkout`,
      { state: 'ENABLED' },
      as('alice'),
    );
    expect(dev.status, dev.text).toBe(200);
  });

  it('refuses self-approval and viewers; another editor approves; applying commits it for SDKs with its approvers in the audit', async () => {
    const id = (await enable('banner')).body.changeRequest.id;
    const self = await act(id, 'approve', 'alice');
    expect(self.status, self.text).toBe(403);
    expect(self.body.error.message).toContain('own change request');
    const viewer = await act(id, 'approve', 'vera');
    expect(viewer.status, viewer.text).toBe(403);
    expect(viewer.body.error.message).toContain('role there is viewer');
    const early = await act(id, 'apply', 'alice');
    expect(early.status, early.text).toBe(409);

    const approved = await act(id, 'approve', 'bob', { comment: 'looks right' });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvals: [{ name: 'bob' }] });
    expect((await evaluate('banner')).value).not.toBe(true);

    const applied = await act(id, 'apply', 'alice');
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body).toMatchObject({ status: 'applied', appliedBy: { name: 'alice' } });
    expect(await evaluate('banner')).toMatchObject({ value: true, variant: 'on' });
    const entries = await audit('banner');
    const change = entries.find((e) => e.action === 'flag-config.update')!;
    expect(change.actor.name).toBe('alice');
    expect(change.approval).toMatchObject({ changeRequest: id, approvers: [{ name: 'bob' }] });
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['change-request.create', 'change-request.approve', 'change-request.apply']),
    );
    const again = await act(id, 'apply', 'alice');
    expect(again.status).toBe(409);
  });

  it('an edit re-plans the request and resets its approvals', async () => {
    const id = (await enable('search')).body.changeRequest.id;
    expect((await act(id, 'approve', 'bob')).body.status).toBe('approved');
    const edited = await t.api(
      'PATCH',
      `${base}/change-requests/${id}`,
      {
        command: {
          action: 'flag-config.update',
          target: { project: 'default', environment: 'production', flag: 'search' },
          payload: { state: 'ENABLED', defaultVariant: 'off' },
        },
      },
      as('alice'),
    );
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ status: 'pending', revision: 2, approvals: [] });
    expect(edited.body.command.payload).toEqual({ state: 'ENABLED', defaultVariant: 'off' });
    const unheld = await t.api(
      'PATCH',
      `${base}/change-requests/${id}`,
      { command: { action: 'schedule.cancel', target: { id: 'x' } } },
      as('alice'),
    );
    expect(unheld.status).toBe(400);
    expect(unheld.body.error.issues[0].path).toBe('/body/command/action');
    const byOther = await t.api(
      'PATCH',
      `${base}/change-requests/${id}`,
      { command: edited.body.command },
      as('bob'),
    );
    expect(byOther.status).toBe(403);
    expect((await act(id, 'apply', 'alice')).status).toBe(409);
  });

  it('a conflicting change in between answers 412 and applies nothing', async () => {
    const id = (await enable('promo')).body.changeRequest.id;
    expect((await act(id, 'approve', 'bob')).status).toBe(200);
    // Another approved request changes the same flag first.
    const other = (await t.api('PATCH', `${prod}/flags/promo`, { defaultVariant: 'on' }, as('bob'))).body
      .changeRequest.id;
    expect((await act(other, 'approve', 'alice')).status).toBe(200);
    expect((await act(other, 'apply', 'bob')).status).toBe(200);
    const before = await evaluate('promo');
    const conflicting = await act(id, 'apply', 'alice');
    expect(conflicting.status, conflicting.text).toBe(412);
    expect(conflicting.body.error.message).toContain('flag "promo"');
    const shown = await t.api('GET', `${base}/change-requests/${id}`);
    expect(shown.body.status).toBe('approved');
    expect(await evaluate('promo')).toEqual(before);
  });

  it('a rejected request cannot be applied; lists filter by status', async () => {
    const id = (await enable('danger')).body.changeRequest.id;
    const rejected = await act(id, 'reject', 'bob', { comment: 'not now' });
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expect((await act(id, 'apply', 'alice')).status).toBe(409);
    const listed = await t.api('GET', `${base}/change-requests?status=rejected&environment=production`);
    expect(listed.body.changeRequests.map((r: { id: string }) => r.id)).toEqual([id]);
    const bad = await t.api('GET', `${base}/change-requests?status=done`);
    expect(bad.status).toBe(400);
  });

  it('applies at its scheduled time once approved', async () => {
    const id = (await enable('later')).body.changeRequest.id;
    const at = new Date(Date.now() + 1200).toISOString();
    const scheduled = await act(id, 'apply', 'alice', { applyAt: at });
    expect(scheduled.status, scheduled.text).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'pending', applyAt: at });
    expect((await act(id, 'approve', 'bob')).status).toBe(200);
    expect((await evaluate('later')).value).not.toBe(true);
    let status = '';
    for (let i = 0; i < 60 && status !== 'applied'; i++) {
      await sleep(100);
      status = (await t.api('GET', `${base}/change-requests/${id}`)).body.status;
    }
    expect(status).toBe('applied');
    expect((await evaluate('later')).value).toBe(true);
  });

  it('a scheduled time can be cleared: the request then waits to be applied by hand', async () => {
    const id = (await enable('unscheduled')).body.changeRequest.id;
    const at = new Date(Date.now() + 800).toISOString();
    expect((await act(id, 'apply', 'alice', { applyAt: at })).body).toMatchObject({ applyAt: at });
    const cleared = await act(id, 'apply', 'alice', { applyAt: null });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body).toMatchObject({ status: 'pending', applyAt: null });
    // Nothing left to clear: a conflict, and the request stays as it was.
    const again = await act(id, 'apply', 'alice', { applyAt: null });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`change request ${id} is not scheduled`);
    expect((await act(id, 'approve', 'bob')).body).toMatchObject({ status: 'approved', applyAt: null });
    await sleep(1500);
    expect((await t.api('GET', `${base}/change-requests/${id}`)).body).toMatchObject({
      status: 'approved',
      applyAt: null,
    });
    expect((await evaluate('unscheduled')).value).not.toBe(true);
    const entries = (await t.api('GET', '/api/v1/audit?project=default&limit=50')).body.entries as {
      action: string;
      resource: string;
      changes: { path: string; before: unknown; after: unknown }[];
    }[];
    const unschedule = entries.find(
      (e) => e.action === 'change-request.unschedule' && e.resource.endsWith(`/change-requests/${id}`),
    );
    // The audit trail's difference leaves out a value that is now null.
    expect(unschedule?.changes).toEqual([{ path: '/applyAt', before: at }]);
    // Applied by hand afterwards, as any approved request.
    expect((await act(id, 'apply', 'alice')).body).toMatchObject({ status: 'applied' });
    expect((await evaluate('unscheduled')).value).toBe(true);
  });

  it('a kill switch bypasses approval where the policy allows it, marked in the audit', async () => {
    const killed = await t.api('POST', `${prod}/flags/banner/kill`, {}, as('alice'));
    expect(killed.status, killed.text).toBe(200);
    expect((await evaluate('banner')).value).toBe(false);
    const entry = (await audit('banner')).find((e) => e.action === 'flag.kill')!;
    expect(entry.approval).toEqual({ bypassedApproval: true });
    // Without the bypass the kill switch is held like any change.
    const policy = await t.api('PUT', `${prod}/approval-policy`, {
      requiredApprovals: 1,
      approverRoles: ['admin'],
    });
    expect(policy.body).toMatchObject({ allowEmergencyBypass: false, approverRoles: ['admin'] });
    const held = await t.api('POST', `${prod}/flags/checkout/kill`, {}, as('alice'));
    expect(held.status).toBe(202);
    // Editors no longer count for this policy.
    const byEditor = await act(held.body.changeRequest.id, 'approve', 'bob');
    expect(byEditor.status).toBe(403);
    expect((await act(held.body.changeRequest.id, 'cancel', 'alice')).body.status).toBe('cancelled');
  });

  it('holds any write to the environment, whatever the path: a rollout, a command value; a schedule is refused when made, or fails when due', async () => {
    const rollout = await t.api(
      'POST',
      `${prod}/rollouts`,
      {
        flag: 'search',
        variant: 'on',
        control: 'off',
        schedule: { shape: 'custom', steps: [10, 100], interval: '1h' },
        guardrails: [{ metric: 'error-rate', max: 0.05 }],
      },
      as('alice'),
    );
    expect(rollout.status, rollout.text).toBe(202);
    expect(rollout.body.changeRequest.command.action).toBe('rollout.start');
    expect((await t.api('GET', `${prod}/rollouts`)).body.rollouts).toEqual([]);
    const command = await t.api(
      'POST',
      '/api/v1/commands',
      {
        action: 'segment.create',
        target: { project: 'default', environment: 'production' },
        payload: { key: 'vip', rule: { '==': [{ var: 'tier' }, 'vip'] } },
      },
      as('alice'),
    );
    expect(command.status, command.text).toBe(202);
    expect(command.headers.get('location')).toBe(`${base}/change-requests/${command.body.changeRequest.id}`);
    const schedulePromo = (delayMs: number) =>
      t.api(
        'POST',
        '/api/v1/schedules',
        {
          command: {
            action: 'flag-config.update',
            target: { project: 'default', environment: 'production', flag: 'promo' },
            payload: { state: 'DISABLED' },
          },
          at: new Date(Date.now() + delayMs).toISOString(),
        },
        as('alice'),
      );
    const schedulesBefore = (await t.api('GET', '/api/v1/schedules')).body.schedules.length;
    const refused = await schedulePromo(60_000);
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.error.message).toContain('environment "production" need approval');
    expect((await t.api('GET', '/api/v1/schedules')).body.schedules).toHaveLength(schedulesBefore);
    // A policy set after the schedule was made still holds it: it fails when it comes due.
    const policy = (await t.api('GET', `${prod}/approval-policy`)).body;
    expect((await t.api('DELETE', `${prod}/approval-policy`)).status).toBe(204);
    const scheduled = await schedulePromo(1_000);
    const restored = await t.api('PUT', `${prod}/approval-policy`, {
      requiredApprovals: policy.requiredApprovals,
      approverRoles: policy.approverRoles,
      allowEmergencyBypass: policy.allowEmergencyBypass,
    });
    expect(restored.status, restored.text).toBe(200);
    expect(scheduled.status, scheduled.text).toBe(201);
    let schedule = scheduled.body;
    for (let i = 0; i < 50 && !['failed', 'succeeded'].includes(schedule.status); i++) {
      await sleep(100);
      schedule = (await t.api('GET', `/api/v1/schedules/${schedule.id}`)).body;
    }
    expect(schedule.status).toBe('failed');
    expect(schedule.error.message).toContain('need approval');
  });

  it('validates policies and names the field', async () => {
    const bad = await t.api('PUT', `${prod}/approval-policy`, {
      requiredApprovals: 0,
      approverRoles: ['viewer'],
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/requiredApprovals']));
    const byEditor = await t.api(
      'PUT',
      `${prod}/approval-policy`,
      { requiredApprovals: 1, approverRoles: ['editor'] },
      as('alice'),
    );
    expect(byEditor.status).toBe(403);
    const id = (await enable('checkout')).body.changeRequest.id;
    const badTime = await act(id, 'apply', 'alice', { applyAt: 'tomorrow' });
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.issues[0].path).toBe('/body/applyAt');
    const unknown = await act(id, 'approve', 'bob', { coment: 'typo' });
    expect(unknown.status).toBe(400);
  });
});
