import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';
import {
  alert,
  auditActions,
  createBooleanFlag,
  createToken,
  evaluate,
  firstEpisode,
  notification,
  rollout,
  serverKey,
  startRollout,
} from './fixtures.js';

const targets = await storageTargets('integration tests (PostgreSQL)');
const webhook = '/api/v1/integrations/alertmanager';

describe.each(targets)('Alertmanager webhook on %s', (target) => {
  let t: TestServer;
  let sdkKey: string;
  beforeAll(async () => {
    t = await startTestServer(target);
    sdkKey = await serverKey(t);
  });
  afterAll(() => t?.stop());

  const firing = (flag: string, fingerprint: string, extra: Record<string, string> = {}) =>
    alert({
      labels: {
        alertname: 'CheckoutErrors',
        severity: 'critical',
        flag,
        environment: 'production',
        ...extra,
      },
      fingerprint,
    });

  it('a firing alert rolls back the running rollout of the flag it names, once', async () => {
    await createBooleanFlag(t, 'checkout');
    const started = await startRollout(t, 'checkout');
    const payload = notification([firing('checkout', 'a1b2c3d4e5f60001')]);

    const answer = await t.api('POST', webhook, payload);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({
      receiver: 'switchyard',
      alerts: [
        {
          index: 0,
          fingerprint: 'a1b2c3d4e5f60001',
          alertname: 'CheckoutErrors',
          status: 'firing',
          outcome: 'rolled-back',
          project: 'default',
          environment: 'production',
          flag: 'checkout',
          rollout: started.id,
        },
      ],
    });
    const after = await rollout(t, started.id);
    expect(after.status).toBe('rolled-back');
    expect(after.reason).toContain('Alertmanager alert "CheckoutErrors"');
    expect(after.timeline.at(-1)).toMatchObject({ action: 'rollback' });

    // Alertmanager repeats the notification (repeat_interval, or a change in the group): nothing more.
    const again = await t.api('POST', webhook, payload);
    expect(again.status, again.text).toBe(200);
    expect(again.body.alerts[0]).toMatchObject({ outcome: 'duplicate', rollout: started.id });
    expect(again.body.alerts[0].message).toContain('rolled back rollout');
    const actions = await auditActions(t, 'checkout');
    expect(actions.filter((a) => a === 'rollout.rollback')).toHaveLength(1);
    // The repeat did not escalate to the kill switch now that no rollout runs.
    expect(actions).not.toContain('flag.kill');

    const audit = await t.api('GET', '/api/v1/audit?flag=checkout&limit=500');
    const entry = audit.body.entries.find((e: { action: string }) => e.action === 'rollout.rollback');
    expect(entry.reason).toContain('fingerprint a1b2c3d4e5f60001');
    expect(entry.actor.name).toBe('SWITCHYARD_ADMIN_TOKEN');
  });

  it('a firing alert on a flag without a running rollout kills it: SDKs get its safe variant', async () => {
    await createBooleanFlag(t, 'banner');
    const enabled = await t.api('PATCH', '/api/v1/projects/default/environments/production/flags/banner', {
      state: 'ENABLED',
      defaultVariant: 'on',
    });
    expect(enabled.status, enabled.text).toBe(200);
    expect(await evaluate(t, sdkKey, 'banner')).toMatchObject({ value: true, variant: 'on' });

    const answer = await t.api('POST', webhook, notification([firing('banner', 'b0b0b0b0b0b00001')]));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.alerts[0]).toMatchObject({ outcome: 'killed', flag: 'banner', rollout: null });

    expect(await evaluate(t, sdkKey, 'banner')).toMatchObject({ value: false, variant: 'off' });
    const synced = await fetch(`${t.server.url}/sdk/v1/flagset`, { headers: { 'x-api-key': sdkKey } });
    const document = (await synced.json()) as { flags: Record<string, unknown> };
    expect(document.flags.banner).toMatchObject({ state: 'ENABLED', defaultVariant: 'off' });
    expect(document.flags.banner).not.toHaveProperty('targeting');
    expect(await auditActions(t, 'banner')).toContain('flag.kill');

    // The same alert firing again later (a new episode: a later start) acts again.
    await t.api('PATCH', '/api/v1/projects/default/environments/production/flags/banner', {
      defaultVariant: 'on',
    });
    const later = alert({
      labels: firing('banner', 'x').labels,
      fingerprint: 'b0b0b0b0b0b00001',
      startsAt: '2026-02-07T08:00:00.000000001Z',
    });
    const second = await t.api('POST', webhook, notification([later]));
    expect(second.body.alerts[0]).toMatchObject({ outcome: 'killed' });
    expect(await evaluate(t, sdkKey, 'banner')).toMatchObject({ value: false, variant: 'off' });
  });

  it('a resolved alert is recorded and changes nothing', async () => {
    await createBooleanFlag(t, 'search');
    const started = await startRollout(t, 'search');
    const resolved = alert({ ...firing('search', 'c0c0c0c0c0c00001'), status: 'resolved' });
    const answer = await t.api('POST', webhook, notification([resolved]));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.alerts[0]).toMatchObject({ outcome: 'recorded', status: 'resolved', flag: 'search' });
    expect((await rollout(t, started.id)).status).toBe('running');

    const listed = await t.api('GET', '/api/v1/integrations/alertmanager/alerts?flag=search');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.alerts).toEqual([
      expect.objectContaining({
        fingerprint: 'c0c0c0c0c0c00001',
        startsAt: firstEpisode,
        status: 'resolved',
        action: 'recorded',
        alertname: 'CheckoutErrors',
        environment: 'production',
        labels: resolved.labels,
      }),
    ]);
    const again = await t.api('POST', webhook, notification([resolved]));
    expect(again.body.alerts[0]).toMatchObject({ outcome: 'duplicate' });
    expect(
      (await t.api('GET', '/api/v1/integrations/alertmanager/alerts?flag=search')).body.alerts,
    ).toHaveLength(1);
  });

  it('lists the alerts it acted on, newest first', async () => {
    const listed = await t.api(
      'GET',
      '/api/v1/integrations/alertmanager/alerts?environment=production&limit=50',
    );
    expect(listed.status).toBe(200);
    const flags = listed.body.alerts.map((a: { flag: string; action: string }) => `${a.flag} ${a.action}`);
    expect(flags).toEqual(
      expect.arrayContaining(['checkout rolled-back', 'banner killed', 'search recorded']),
    );
  });

  it('ignores alerts without a flag label, and takes project and environment from the URL', async () => {
    await createBooleanFlag(t, 'nav');
    const unrelated = alert({
      labels: { alertname: 'DiskFull', instance: 'db-1' },
      fingerprint: 'd0d0d0d0d0d00001',
    });
    const noEnvironment = alert({
      labels: { alertname: 'NavErrors', flag: 'nav' },
      fingerprint: 'd0d0d0d0d0d00002',
    });
    const answer = await t.api(
      'POST',
      `${webhook}?project=default&environment=development`,
      notification([unrelated, noEnvironment]),
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.alerts).toMatchObject([
      { index: 0, outcome: 'ignored', flag: null },
      { index: 1, outcome: 'killed', environment: 'development', flag: 'nav' },
    ]);
  });

  it('a token that can act in one environment needs no environment label', async () => {
    await createBooleanFlag(t, 'footer');
    const productionOnly = await createToken(t, {
      name: 'alertmanager-production',
      role: 'viewer',
      grants: [{ role: 'editor', environment: 'production' }],
    });
    const labels = { alertname: 'FooterErrors', flag: 'footer' };
    const answer = await t.api(
      'POST',
      webhook,
      notification([alert({ labels, fingerprint: 'f0f0f0f0f0f00001' })]),
      {
        token: productionOnly,
      },
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.alerts[0]).toMatchObject({ outcome: 'killed', environment: 'production' });

    // The seeded admin token can act in both environments of the project: it must be told which.
    const ambiguous = await t.api(
      'POST',
      webhook,
      notification([alert({ labels, fingerprint: 'f0f0f0f0f0f00002' })]),
    );
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error.issues).toEqual([
      {
        path: '/body/alerts/0/labels/environment',
        message: expect.stringContaining(
          'is required: the token can act in 2 environments of project "default"',
        ),
      },
    ]);
  });

  it('refuses payloads it cannot read with 400, naming each field', async () => {
    const good = firing('checkout', 'e0e0e0e0e0e00001');
    const cases: [unknown, string[]][] = [
      [{ ...notification([good]), version: '3' }, ['/body/version']],
      [{ ...notification([good]), alerts: [] }, ['/body/alerts']],
      [{ ...notification([good]), status: 'pending' }, ['/body/status']],
      [
        notification([{ ...good, fingerprint: undefined as unknown as string }]),
        ['/body/alerts/0/fingerprint'],
      ],
      [notification([{ ...good, startsAt: 'yesterday' }]), ['/body/alerts/0/startsAt']],
      [
        notification([{ ...good, labels: { ...good.labels, flag: 7 as unknown as string } }]),
        ['/body/commonLabels/flag', '/body/alerts/0/labels/flag'],
      ],
      [notification([good, { ...good, status: 'ok' as 'firing' }]), ['/body/alerts/1/status']],
    ];
    for (const [body, paths] of cases) {
      const answer = await t.api('POST', webhook, body);
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error.issues.map((i: { path: string }) => i.path)).toEqual(paths);
    }
    const text = await t.api('POST', webhook, undefined, {
      raw: 'not json',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('acts on the alerts it can and refuses the others by their labels (404 for an unknown flag)', async () => {
    await createBooleanFlag(t, 'cart');
    const started = await startRollout(t, 'cart');
    const answer = await t.api(
      'POST',
      webhook,
      notification([
        firing('cart', 'g0g0g0g0g0g00001'),
        firing('does-not-exist', 'g0g0g0g0g0g00002'),
        firing('cart', 'g0g0g0g0g0g00003', { environment: 'staging' }),
      ]),
    );
    expect(answer.status, answer.text).toBe(404);
    expect(answer.body.error.message).toContain('2 of 3 alerts could not be handled');
    expect(answer.body.error.message).toContain('alerts/0 rolled-back');
    expect(answer.body.error.issues).toEqual([
      {
        path: '/body/alerts/1/labels/flag',
        message: 'flag "does-not-exist" does not exist in project "default"',
      },
      {
        path: '/body/alerts/2/labels/environment',
        message: 'environment "staging" does not exist in project "default"',
      },
    ]);
    expect((await rollout(t, started.id)).status).toBe('rolled-back');
  });

  it('two identical notifications at once act once', async () => {
    await createBooleanFlag(t, 'promo');
    const started = await startRollout(t, 'promo');
    const payload = notification([firing('promo', 'h0h0h0h0h0h00001')]);
    const answers = await Promise.all([t.api('POST', webhook, payload), t.api('POST', webhook, payload)]);
    for (const answer of answers) expect(answer.status, answer.text).toBe(200);
    expect(answers.map((a) => a.body.alerts[0].outcome).sort()).toEqual(['duplicate', 'rolled-back']);
    expect((await rollout(t, started.id)).status).toBe('rolled-back');
    const actions = await auditActions(t, 'promo');
    expect(actions.filter((a) => a === 'rollout.rollback')).toHaveLength(1);
    expect(actions).not.toContain('flag.kill');
  });

  it('needs a token that may change the flag', async () => {
    const viewer = await createToken(t, { name: 'viewer', role: 'viewer' });
    const payload = notification([firing('checkout', 'i0i0i0i0i0i00001')]);
    const refused = await t.api('POST', webhook, payload, { token: viewer });
    expect(refused.status).toBe(403);
    const anonymous = await t.api('POST', webhook, payload, { token: null });
    expect(anonymous.status).toBe(401);
  });
});
