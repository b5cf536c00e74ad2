import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';
import { createBooleanFlag, createToken, rolloutAction, startRollout } from './fixtures.js';

const targets = await storageTargets('integration tests (PostgreSQL)');
const analysis = (query: string) => `/api/v1/integrations/argo/analysis?${query}`;

describe.each(targets)('Argo Rollouts analysis on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    // The controller looks often, so that a decision with its evidence comes quickly.
    t = await startTestServer(target, { rolloutIntervalMs: 100 });
    await createBooleanFlag(t, 'checkout');
  });
  afterAll(() => t?.stop());

  const verdict = async (query: string) => {
    const answer = await t.api('GET', analysis(query));
    expect(answer.status, answer.text).toBe(200);
    return answer.body;
  };

  it('is inconclusive for a flag without a rollout', async () => {
    expect(await verdict('project=default&environment=production&flag=checkout')).toEqual({
      project: 'default',
      environment: 'production',
      flag: 'checkout',
      verdict: 'inconclusive',
      reason: 'flag "checkout" has no rollout in environment "production"',
      rollout: null,
      evidence: null,
      evidenceAt: null,
    });
  });

  it('passes while the rollout runs, with its weight and the latest guardrail evidence', async () => {
    const started = await startRollout(t, 'checkout');
    let body = await verdict('environment=production&flag=checkout');
    for (let i = 0; i < 50 && body.evidence === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      body = await verdict('environment=production&flag=checkout');
    }
    expect(body).toMatchObject({
      verdict: 'pass',
      rollout: { id: started.id, status: 'running', weight: 10, step: 0, steps: 3 },
    });
    // The controller held the first step (no traffic yet, and an hour to wait): its evidence is there.
    expect(body.evidence).toMatchObject({ variants: expect.any(Object) });
    expect(body.evidenceAt).toEqual(expect.any(String));
  });

  it('is inconclusive while paused, passes once completed, fails once rolled back', async () => {
    const id = (await verdict('environment=production&flag=checkout')).rollout.id;
    await rolloutAction(t, id, 'pause');
    const paused = await verdict('environment=production&flag=checkout');
    expect(paused).toMatchObject({ verdict: 'inconclusive', rollout: { status: 'paused' } });
    expect(paused.reason).toContain('is paused (pause in a test)');

    await rolloutAction(t, id, 'promote');
    expect(await verdict('environment=production&flag=checkout')).toMatchObject({
      verdict: 'pass',
      rollout: { status: 'completed', weight: 100 },
    });

    const next = await startRollout(t, 'checkout');
    await rolloutAction(t, next.id, 'rollback');
    const failed = await verdict('environment=production&flag=checkout');
    expect(failed).toMatchObject({
      verdict: 'fail',
      rollout: { id: next.id, status: 'rolled-back', weight: 0 },
    });
    expect(failed.reason).toContain('was rolled back: rollback in a test');
  });

  it('answers errors only for bad credentials, a bad query or what does not exist', async () => {
    const unknown = await t.api('GET', analysis('environment=production&flag=nope'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.issues).toEqual([
      { path: '/query/flag', message: 'flag "nope" does not exist in project "default"' },
    ]);
    const noEnvironment = await t.api(
      'GET',
      analysis('project=missing&environment=production&flag=checkout'),
    );
    expect(noEnvironment.status).toBe(404);
    expect(noEnvironment.body.error.issues[0].path).toBe('/query/project');
    const noFlag = await t.api('GET', analysis('environment=production'));
    expect(noFlag.status).toBe(400);
    expect(noFlag.body.error.issues).toEqual([{ path: '/query/flag', message: 'is required' }]);
    const ambiguous = await t.api('GET', analysis('flag=checkout'));
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error.issues[0].path).toBe('/query/environment');
    expect(
      (await t.api('GET', analysis('environment=production&flag=checkout'), undefined, { token: null }))
        .status,
    ).toBe(401);
    expect(
      (
        await t.api('GET', analysis('environment=production&flag=checkout'), undefined, {
          token: 'sy_admin_wrong-wrong-wrong',
        })
      ).status,
    ).toBe(401);
  });

  it('answers a token limited to rollbacks, and one that reads the environment only', async () => {
    const rollbacks = await createToken(t, { name: 'argo', role: 'editor', actions: ['rollout.rollback'] });
    const limited = await t.api('GET', analysis('environment=production&flag=checkout'), undefined, {
      token: rollbacks,
    });
    expect(limited.status, limited.text).toBe(200);
    expect(limited.body.verdict).toBe('fail');
    const reader = await createToken(t, {
      name: 'argo-prod',
      role: 'viewer',
      projects: ['other'],
      grants: [{ role: 'viewer', project: 'default', environment: 'production' }],
    });
    const inferred = await t.api('GET', analysis('flag=checkout'), undefined, { token: reader });
    expect(inferred.status, inferred.text).toBe(200);
    expect(inferred.body.environment).toBe('production');
    const elsewhere = await t.api('GET', analysis('environment=development&flag=checkout'), undefined, {
      token: reader,
    });
    expect(elsewhere.status).toBe(403);
  });
});
