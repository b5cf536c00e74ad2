import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';
import {
  createBooleanFlag,
  createToken,
  flaggerEvent,
  flaggerPayload,
  rollout,
  rolloutAction,
  serverKey,
  startRollout,
} from './fixtures.js';

const targets = await storageTargets('integration tests (PostgreSQL)');
const gate = '/api/v1/integrations/flagger/gate';
const rollbackHook = '/api/v1/integrations/flagger/rollback';
const eventHook = '/api/v1/integrations/flagger/event';

describe.each(targets)('Flagger webhooks on %s', (target) => {
  let t: TestServer;
  /** Flagger sends no headers: the token travels in the webhook's metadata. */
  const post = (path: string, body: unknown) => t.api('POST', path, body, { token: null });
  const metadata = (flag: string) => ({ flag, environment: 'production', token: testAdminToken });

  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  it('the gate is open while the rollout of the flag runs or has completed, closed otherwise', async () => {
    await createBooleanFlag(t, 'checkout');
    const closedBefore = await post(gate, flaggerPayload(metadata('checkout')));
    expect(closedBefore.status).toBe(412);
    expect(closedBefore.body.error.message).toBe(
      'gate closed: flag "checkout" has no rollout in environment "production"',
    );

    const started = await startRollout(t, 'checkout');
    const open = await post(gate, flaggerPayload(metadata('checkout')));
    expect(open.status, open.text).toBe(200);
    expect(open.body).toMatchObject({
      project: 'default',
      environment: 'production',
      flag: 'checkout',
      verdict: 'pass',
      rollout: { id: started.id, status: 'running', weight: 10, variant: 'on', control: 'off' },
    });

    await rolloutAction(t, started.id, 'pause');
    const paused = await post(gate, flaggerPayload(metadata('checkout'), 'WaitingPromotion'));
    expect(paused.status).toBe(412);
    expect(paused.body.error.message).toContain('is paused (pause in a test)');

    await rolloutAction(t, started.id, 'resume');
    expect((await post(gate, flaggerPayload(metadata('checkout')))).status).toBe(200);
    await rolloutAction(t, started.id, 'promote');
    const completed = await post(gate, flaggerPayload(metadata('checkout'), 'WaitingPromotion'));
    expect(completed.status).toBe(200);
    expect(completed.body.rollout).toMatchObject({ status: 'completed', weight: 100 });

    const next = await startRollout(t, 'checkout');
    await rolloutAction(t, next.id, 'rollback');
    const rolledBack = await post(gate, flaggerPayload(metadata('checkout')));
    expect(rolledBack.status).toBe(412);
    expect(rolledBack.body.error.message).toContain('was rolled back');
  });

  it('the rollback hook answers 2xx only once Switchyard rolled the flag back', async () => {
    await createBooleanFlag(t, 'search');
    const started = await startRollout(t, 'search');
    const running = await post(rollbackHook, flaggerPayload(metadata('search')));
    expect(running.status).toBe(412);
    expect(running.body.error.message).toMatch(/^no rollback: rollout .* is running/);

    await rolloutAction(t, started.id, 'rollback');
    const rolledBack = await post(rollbackHook, flaggerPayload(metadata('search')));
    expect(rolledBack.status, rolledBack.text).toBe(200);
    expect(rolledBack.body).toMatchObject({
      verdict: 'fail',
      rollout: { id: started.id, status: 'rolled-back' },
    });

    // The kill switch ends a running rollout as rolled back: Flagger rolls the canary back too.
    const again = await startRollout(t, 'search');
    expect((await post(rollbackHook, flaggerPayload(metadata('search')))).status).toBe(412);
    const killed = await t.api(
      'POST',
      '/api/v1/projects/default/environments/production/flags/search/kill',
      {},
    );
    expect(killed.status, killed.text).toBe(200);
    const afterKill = await post(rollbackHook, flaggerPayload(metadata('search')));
    expect(afterKill.status).toBe(200);
    expect(afterKill.body.rollout.id).toBe(again.id);
  });

  it('an event lands on the timeline of the rollout, without the token', async () => {
    await createBooleanFlag(t, 'banner');
    const started = await startRollout(t, 'banner');
    const sent = await post(
      eventHook,
      flaggerEvent(metadata('banner'), 'Advance podinfo.test canary weight 10'),
    );
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ rollout: started.id, action: 'external' });

    const detail = await rollout(t, started.id);
    const event = detail.timeline.find((e: { action: string }) => e.action === 'external');
    expect(event).toMatchObject({
      action: 'external',
      reason:
        'Flagger Normal event of canary test/podinfo (Progressing): Advance podinfo.test canary weight 10',
      actor: 'SWITCHYARD_ADMIN_TOKEN',
      weight: 10,
      evidence: {
        source: 'flagger',
        canary: 'test/podinfo',
        phase: 'Progressing',
        checksum: '6c8c5b7f9d',
        eventType: 'Normal',
        sentAt: '2026-02-06T12:08:45.828Z',
        metadata: {},
      },
    });
    const audit = await t.api('GET', '/api/v1/audit?flag=banner&limit=500');
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('rollout.external');
    expect(JSON.stringify(detail)).not.toContain(testAdminToken);
    expect(JSON.stringify(audit.body)).not.toContain(testAdminToken);

    const nowhere = await post(eventHook, flaggerEvent(metadata('checkout-none'), 'x'));
    expect(nowhere.status).toBe(404);
  });

  it('takes the token from metadata or from Authorization, and refuses without one', async () => {
    const bare = { flag: 'checkout', environment: 'production' };
    const byHeader = await t.api('POST', gate, flaggerPayload(bare, 'Progressing'));
    // Checkout's latest rollout was rolled back: the gate answers, closed.
    expect(byHeader.status, byHeader.text).toBe(412);
    expect((await post(gate, flaggerPayload(bare))).status).toBe(401);
    const wrong = await post(gate, flaggerPayload({ ...bare, token: 'sy_admin_not-a-real-token-000000' }));
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('not-a-real-token');
    const key = await serverKey(t);
    const sdkKey = await post(gate, flaggerPayload({ ...bare, token: key }));
    expect(sdkKey.status).toBe(403);

    const viewer = await createToken(t, { name: 'flagger', role: 'viewer' });
    const read = await post(rollbackHook, flaggerPayload({ ...bare, token: viewer }));
    expect(read.status, read.text).toBe(200);
    // Writing the timeline needs an editor.
    const note = await post(eventHook, flaggerEvent({ ...bare, token: viewer }, 'x'));
    expect(note.status).toBe(403);
  });

  it('refuses a payload that names no flag, or one that does not exist, pointing at the metadata', async () => {
    const noFlag = await post(gate, flaggerPayload({ token: testAdminToken, environment: 'production' }));
    expect(noFlag.status).toBe(400);
    expect(noFlag.body.error.issues).toEqual([
      { path: '/body/metadata/flag', message: "is required: name the flag in the webhook's metadata" },
    ]);
    const unknown = await post(gate, flaggerPayload(metadata('nope')));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.issues).toEqual([
      { path: '/body/metadata/flag', message: 'flag "nope" does not exist in project "default"' },
    ]);
    const noEnvironment = await post(gate, flaggerPayload({ flag: 'checkout', token: testAdminToken }));
    expect(noEnvironment.status).toBe(400);
    expect(noEnvironment.body.error.issues[0].path).toBe('/body/metadata/environment');
    const { name: _name, ...noName } = flaggerPayload(metadata('checkout'));
    const invalid = await post(gate, noName);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues).toEqual([{ path: '/body/name', message: 'is required' }]);
  });

  it('uses the one environment a token reaches when the metadata names none', async () => {
    await createBooleanFlag(t, 'nav');
    await startRollout(t, 'nav', 'development');
    const developmentOnly = await createToken(t, {
      name: 'flagger-dev',
      role: 'editor',
      projects: ['default'],
      grants: [],
    });
    // An editor of the whole project reaches both environments: it must name one.
    expect((await post(gate, flaggerPayload({ flag: 'nav', token: developmentOnly }))).status).toBe(400);
    const scoped = await createToken(t, {
      name: 'flagger-dev-only',
      role: 'viewer',
      projects: ['shop-none'],
      grants: [{ role: 'viewer', project: 'default', environment: 'development' }],
    });
    const open = await post(gate, flaggerPayload({ flag: 'nav', token: scoped }));
    expect(open.status, open.text).toBe(200);
    expect(open.body).toMatchObject({ environment: 'development', verdict: 'pass' });
  });
});
