import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';
import { alert, createBooleanFlag, createToken, notification, rollout, startRollout } from './fixtures.js';

const targets = await storageTargets('integration tests (PostgreSQL)');
const production = '/api/v1/projects/default/environments/production';

describe.each(targets)('admin tokens limited to command actions on %s', (target) => {
  let t: TestServer;
  let rollbacks: string;
  beforeAll(async () => {
    t = await startTestServer(target);
    await createBooleanFlag(t, 'checkout');
    await createBooleanFlag(t, 'banner');
    const created = await t.api('POST', '/api/v1/admin-tokens', {
      name: 'alertmanager',
      role: 'editor',
      actions: ['rollout.rollback', 'flag.kill'],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ role: 'editor', actions: ['rollout.rollback', 'flag.kill'] });
    rollbacks = created.body.token;
  });
  afterAll(() => t?.stop());

  it('rolls back and kills, through their routes, POST /commands and the Alertmanager webhook', async () => {
    const as = { token: rollbacks };
    const first = await startRollout(t, 'checkout');
    const rolledBack = await t.api('POST', `${production}/rollouts/${first.id}/rollback`, {}, as);
    expect(rolledBack.status, rolledBack.text).toBe(200);
    expect(rolledBack.body.status).toBe('rolled-back');

    const killed = await t.api('POST', `${production}/flags/banner/kill`, { reason: 'paging' }, as);
    expect(killed.status, killed.text).toBe(200);
    const byCommand = await t.api(
      'POST',
      '/api/v1/commands',
      { action: 'flag.kill', target: { project: 'default', environment: 'development', flag: 'banner' } },
      as,
    );
    expect(byCommand.status, byCommand.text).toBe(200);

    const second = await startRollout(t, 'checkout');
    const labels = { alertname: 'CheckoutErrors', flag: 'checkout', environment: 'production' };
    const answer = await t.api(
      'POST',
      '/api/v1/integrations/alertmanager',
      notification([alert({ labels, fingerprint: '0123456789abcdef' })]),
      as,
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.alerts[0]).toMatchObject({ outcome: 'rolled-back', rollout: second.id });
    expect((await rollout(t, second.id)).status).toBe('rolled-back');
  });

  it('does nothing else: no other action, and no reads through the admin API', async () => {
    const as = { token: rollbacks };
    const started = await startRollout(t, 'checkout');
    const refusals: [string, string, unknown][] = [
      ['PATCH', `${production}/flags/checkout`, { state: 'DISABLED' }],
      ['POST', `${production}/rollouts/${started.id}/pause`, {}],
      ['POST', `${production}/rollouts/${started.id}/promote`, {}],
      ['POST', '/api/v1/projects/default/flags', { key: 'x', variants: { on: true, off: false } }],
      ['POST', '/api/v1/admin-tokens', { name: 'escalate', role: 'admin' }],
      ['GET', '/api/v1/admin-tokens', undefined],
      ['GET', '/api/v1/projects/default/flags', undefined],
      ['GET', `${production}/flags/checkout`, undefined],
      ['GET', `${production}/flagset`, undefined],
      ['GET', `${production}/rollouts`, undefined],
      ['GET', `${production}/sdk-keys`, undefined],
    ];
    for (const [method, path, body] of refusals) {
      const answer = await t.api(method, path, body, as);
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(403);
      expect(answer.body.error.message).toContain('limited to the actions rollout.rollback and flag.kill');
    }
    const command = await t.api(
      'POST',
      '/api/v1/commands/plan',
      {
        action: 'flag-config.update',
        target: { project: 'default', environment: 'production', flag: 'checkout' },
        payload: { state: 'DISABLED' },
      },
      as,
    );
    expect(command.status).toBe(403);
    expect(command.body.error.message).toContain('cannot run flag-config.update');
    // Lists show nothing rather than refusing.
    expect((await t.api('GET', '/api/v1/projects', undefined, as)).body.projects).toEqual([]);
    expect((await t.api('GET', '/api/v1/audit', undefined, as)).body.entries).toEqual([]);
    expect((await rollout(t, started.id)).status).toBe('running');
  });

  it('keeps its role and reach: a viewer limited to rollbacks rolls nothing back', async () => {
    const viewer = await createToken(t, { name: 'weak', role: 'viewer', actions: ['rollout.rollback'] });
    const started = (await t.api('GET', `${production}/rollouts`)).body.rollouts.find(
      (r: { status: string }) => r.status === 'running',
    );
    const refused = await t.api(
      'POST',
      `${production}/rollouts/${started.id}/rollback`,
      {},
      { token: viewer },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('role "viewer"');
  });

  it('checks the actions a token is given, and can lift the limit', async () => {
    const misspelt = await t.api('POST', '/api/v1/admin-tokens', {
      name: 'typo',
      role: 'editor',
      actions: ['rollout.rollbak', 'flag.kill', 'admin-token.create'],
    });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.issues).toEqual([
      {
        path: '/body/actions/0',
        message: 'unknown action "rollout.rollbak" (did you mean \'rollout.rollback\'?)',
      },
      {
        path: '/body/actions/2',
        message: 'a token limited to actions cannot be given the admin-token actions',
      },
    ]);
    const malformed = await t.api('POST', '/api/v1/admin-tokens', {
      name: 'bad',
      role: 'editor',
      actions: 'flag.kill',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].path).toBe('/body/actions');

    const tokens = (await t.api('GET', '/api/v1/admin-tokens')).body.adminTokens as {
      id: string;
      name: string;
    }[];
    const id = tokens.find((token) => token.name === 'alertmanager')!.id;
    const lifted = await t.api('PATCH', `/api/v1/admin-tokens/${id}`, { actions: null });
    expect(lifted.status, lifted.text).toBe(200);
    expect(lifted.body.actions).toBeNull();
    const reads = await t.api('GET', '/api/v1/projects/default/flags', undefined, { token: rollbacks });
    expect(reads.status).toBe(200);
    const limited = await t.api('PATCH', `/api/v1/admin-tokens/${id}`, { actions: ['flag.kill'] });
    expect(limited.body.actions).toEqual(['flag.kill']);
  });

  it('an admin limited to actions is not an unrestricted admin: the last one cannot become one', async () => {
    const tokens = (await t.api('GET', '/api/v1/admin-tokens')).body.adminTokens as {
      id: string;
      name: string;
    }[];
    const seeded = tokens.find((token) => token.name === 'SWITCHYARD_ADMIN_TOKEN')!;
    const demoted = await t.api('PATCH', `/api/v1/admin-tokens/${seeded.id}`, { actions: ['flag.kill'] });
    expect(demoted.status).toBe(409);
    expect(demoted.body.error.message).toContain('the last admin token cannot be demoted');
  });
});
