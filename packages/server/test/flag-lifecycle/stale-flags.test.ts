import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { expectedSummary } from '../support/flag-summary.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('stale flag tests (PostgreSQL)');
const project = '/api/v1/projects/default';
const DAY = 86_400_000;

type Flag = {
  key: string;
  lifecycle: { stage: string; rule: string };
  stale: { reasons: { code: string }[] };
};

describe.each(targets)('flag lifecycle stages and stale flags over HTTP on %s', (target) => {
  let t: TestServer;
  let sdkKey: string;
  /** The server's clock: flags are created at `start`, then time moves by days. */
  const start = Date.parse('2026-06-01T09:00:00Z');
  let clock = start;
  const at = (days: number) => {
    clock = start + days * DAY;
  };
  const evaluate = async (key: string) => {
    const response = await fetch(`${t.server.url}/ofrep/v1/evaluate/flags/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sdkKey}` },
      body: JSON.stringify({ context: { targetingKey: 'u1' } }),
    });
    expect(response.status).toBe(200);
  };
  /** The list, full; the list's summary (`view=summary`) must say the same of every flag. */
  const flagsBy = async (query = '') => {
    const answer = await t.api('GET', `${project}/flags${query}`);
    expect(answer.status, answer.text).toBe(200);
    const summary = await t.api('GET', `${project}/flags${query ? `${query}&` : '?'}view=summary`);
    expect(summary.status, summary.text).toBe(200);
    expect(summary.body.flags).toEqual(answer.body.flags.map(expectedSummary));
    return Object.fromEntries((answer.body.flags as Flag[]).map((f) => [f.key, f]));
  };
  const reasons = (flag: Flag | undefined) => flag?.stale.reasons.map((r) => r.code);
  const configure = (env: string, key: string, body: object) =>
    t.api('PATCH', `${project}/environments/${env}/flags/${key}`, body);
  const gauge = async () => {
    const text = await (await fetch(`${t.server.url}/metrics`)).text();
    return /switchyard_stale_flags\{project="default"\} (\d+)/.exec(text)?.[1];
  };

  beforeAll(async () => {
    t = await startTestServer(target, {
      now: () => new Date(clock),
      lifecycleIntervalMs: 30,
      evaluationFlushMs: 30,
    });
    sdkKey = (
      await t.api('POST', `${project}/environments/production/sdk-keys`, { name: 'app', kind: 'server' })
    ).body.key;
    for (const [key, kind] of [
      ['fresh', 'release'],
      ['released', 'release'],
      ['ramping', 'experiment'],
      ['ops', 'operational'],
    ]) {
      const created = await t.api('POST', `${project}/flags`, {
        key,
        kind,
        variants: { on: true, off: false },
      });
      expect(created.status, created.text).toBe(201);
    }
    for (const env of ['development', 'production']) {
      expect((await configure(env, 'released', { state: 'ENABLED', defaultVariant: 'on' })).status).toBe(200);
    }
    const targeting = {
      fractional: [
        ['on', 50],
        ['off', 50],
      ],
    };
    expect((await configure('production', 'ramping', { state: 'ENABLED', targeting })).status).toBe(200);
    expect((await configure('production', 'ops', { state: 'ENABLED', defaultVariant: 'on' })).status).toBe(
      200,
    );
  });
  afterAll(() => t?.stop());

  it('gives each flag its stage and the rule behind it', async () => {
    const flags = await flagsBy();
    expect(flags.fresh!.lifecycle).toMatchObject({
      stage: 'new',
      rule: 'disabled in every environment',
      expectedLifetimeDays: 40,
      expiresAt: new Date(start + 40 * DAY).toISOString(),
    });
    expect(flags.released!.lifecycle.stage).toBe('fully-released');
    expect(flags.released!.lifecycle.rule).toContain('serves "on" to everyone in every environment');
    expect(flags.ramping!.lifecycle.stage).toBe('rolling-out');
    expect(flags.ops!.lifecycle).toMatchObject({
      stage: 'rolling-out',
      expectedLifetimeDays: null,
      expiresAt: null,
    });
    expect(await flagsBy('?stale=true')).toEqual({});
    await expect.poll(gauge).toBe('0');
  });

  it('marks flags stale with a reason each, as days pass, and lists them with ?stale=true', async () => {
    await evaluate('ops');
    await evaluate('ramping');
    // 14 days of one variant everywhere: stale for a temporary flag.
    at(14);
    let stale = await flagsBy('?stale=true');
    expect(Object.keys(stale)).toEqual(['released']);
    expect(stale.released!.lifecycle.stage).toBe('stale');
    expect(stale.released!.stale.reasons).toEqual([
      {
        code: 'single-variant',
        message: expect.stringContaining('serves "on" to everyone in every environment since'),
        since: new Date(start + 14 * DAY).toISOString(),
      },
    ]);
    await expect.poll(gauge).toBe('1');

    // 31 days: nobody evaluated "fresh" or "released" (nor "ops" and "ramping" since day 0) for 30.
    at(31);
    await evaluate('ops');
    stale = await flagsBy('?stale=true');
    expect(Object.keys(stale).sort()).toEqual(['fresh', 'ramping', 'released']);
    expect(reasons(stale.fresh)).toEqual(['not-evaluated']);
    expect(stale.fresh!.stale.reasons[0]!.message).toContain('never evaluated');
    expect(reasons(stale.ramping)).toEqual(['not-evaluated']);
    expect(stale.ramping!.stale.reasons[0]!.message).toContain('last evaluated');
    expect(reasons(stale.released)).toEqual(['single-variant', 'not-evaluated']);
    expect(Object.keys(await flagsBy('?stale=false'))).toEqual(['ops']);
    await expect.poll(gauge).toBe('3');

    // Past the 40 days a release flag is expected to live; an operational flag is permanent.
    at(41);
    await evaluate('ops');
    await evaluate('ramping');
    stale = await flagsBy('?stale=true');
    expect(reasons(stale.fresh)).toEqual(['past-expected-lifetime', 'not-evaluated']);
    expect(reasons(stale.ramping)).toEqual(['past-expected-lifetime']);
    expect(stale.ops).toBeUndefined();
  });

  it('reads the last evaluation back from the database once it is written', async () => {
    at(41);
    await evaluate('fresh');
    // Written in the next batch; then a restart-free read sees it from storage, not memory.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stale = await flagsBy('?stale=true');
    expect(reasons(stale.fresh)).toEqual(['past-expected-lifetime']);
  });

  it('counts the telemetry of in-process SDKs as evaluations', async () => {
    at(80);
    expect(reasons((await flagsBy('?stale=true')).ops)).toEqual(['not-evaluated']);
    const bounds = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000, '+Inf'];
    const reported = await fetch(`${t.server.url}/sdk/v1/telemetry`, {
      method: 'POST',
      headers: { 'x-api-key': sdkKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        variants: [
          {
            flag: 'ops',
            variant: 'on',
            n: 3,
            errors: 0,
            latency: { sum: 3, sumSquares: 3, buckets: bounds.map((le) => ({ le, count: 3 })) },
          },
        ],
      }),
    });
    expect(reported.status).toBe(202);
    expect((await flagsBy('?stale=true')).ops).toBeUndefined();
    at(41);
  });

  it('counts a bulk OFREP evaluation as an evaluation of every flag of the set', async () => {
    at(120);
    const before = await flagsBy('?stale=true');
    for (const key of ['fresh', 'ops', 'ramping', 'released']) {
      expect(reasons(before[key]), key).toContain('not-evaluated');
    }
    const response = await fetch(`${t.server.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sdkKey}` },
      body: JSON.stringify({ context: { targetingKey: 'u1' } }),
    });
    expect(response.status).toBe(200);
    const after = await flagsBy();
    for (const key of ['fresh', 'ops', 'ramping', 'released']) {
      expect(reasons(after[key]) ?? [], key).not.toContain('not-evaluated');
    }
    at(41);
  });

  it('counts flags no uploaded code references, once code has been scanned', async () => {
    const upload = await t.api('POST', `${project}/code-references`, {
      repository: 'github.com/acme/shop',
      commit: 'c0ffee',
      references: [{ flag: 'ops', file: 'src/ops.ts', line: 3 }],
    });
    expect(upload.status, upload.text).toBe(200);
    const stale = await flagsBy('?stale=true');
    expect(reasons(stale.ramping)).toEqual(['past-expected-lifetime', 'no-code-references']);
    expect(stale.ops).toBeUndefined();
    // The project can switch the rule off, and change the windows.
    const changed = await t.api('PATCH', `${project}/lifecycle`, {
      stale: { codeReferences: false },
      expectedLifetimeDays: { experiment: null },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({
      expectedLifetimeDays: { release: 40, experiment: null, operational: null, permission: null },
      stale: { singleVariantDays: 14, notEvaluatedDays: 30, codeReferences: false },
      version: 1,
    });
    const after = await flagsBy();
    expect(after.ramping!.lifecycle).toMatchObject({ stage: 'rolling-out', expectedLifetimeDays: null });
  });
});
