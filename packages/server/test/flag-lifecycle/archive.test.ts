import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { type EventStreamReader, openEventStream } from '../support/sse-reader.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('flag archive tests (PostgreSQL)');
const flags = '/api/v1/projects/default/flags';

describe.each(targets)('archiving and restoring flags over HTTP on %s', (target) => {
  let t: TestServer;
  let sdkKey: string;
  const evaluate = async (key: string) => {
    const response = await fetch(`${t.server.url}/ofrep/v1/evaluate/flags/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sdkKey}` },
      body: JSON.stringify({ context: { targetingKey: 'u1' } }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const nextChange = async (stream: EventStreamReader) => {
    for (;;) {
      const event = await stream.next(5000);
      if (event.event === 'change' || event.event === 'flagset') return event;
    }
  };

  beforeAll(async () => {
    t = await startTestServer(target);
    const key = await t.api('POST', '/api/v1/projects/default/environments/production/sdk-keys', {
      name: 'app',
      kind: 'server',
    });
    expect(key.status, key.text).toBe(201);
    sdkKey = key.body.key;
    const created = await t.api('POST', flags, {
      key: 'checkout',
      variants: { on: true, off: false },
      owner: 'payments',
    });
    expect(created.status, created.text).toBe(201);
    const enabled = await t.api('PATCH', '/api/v1/projects/default/environments/production/flags/checkout', {
      state: 'ENABLED',
      defaultVariant: 'on',
      targeting: { if: [{ '==': [{ var: 'targetingKey' }, 'u1'] }, 'off', null] },
    });
    expect(enabled.status, enabled.text).toBe(200);
  });
  afterAll(() => t?.stop());

  it('stops serving an archived flag everywhere, hides it from the list, and restores it as it was', async () => {
    expect(await evaluate('checkout')).toMatchObject({ status: 200, body: { value: false, variant: 'off' } });
    const stream = await openEventStream(`${t.server.url}/sdk/v1/stream`, { 'x-api-key': sdkKey });
    try {
      const first = await nextChange(stream);
      expect(JSON.parse(first.data).flagSet.flags.checkout).toBeDefined();
      const before = await t.api('GET', `${flags}/checkout`);

      const archived = await t.api('POST', `${flags}/checkout/archive`, undefined, {
        headers: { 'if-match': `"${before.body.version}"`, 'x-change-reason': 'launched last quarter' },
      });
      expect(archived.status, archived.text).toBe(200);
      expect(archived.body).toMatchObject({
        key: 'checkout',
        version: before.body.version + 1,
        archivedAt: expect.any(String),
        lifecycle: { stage: 'archived', rule: expect.stringContaining('archived') },
        environments: { production: { state: 'ENABLED', defaultVariant: 'on' } },
      });
      // The stream carries the removal; OFREP no longer knows the flag.
      const change = await nextChange(stream);
      expect(JSON.parse(change.data).flags).toEqual({ checkout: null });
      expect(await evaluate('checkout')).toMatchObject({
        status: 404,
        body: { errorCode: 'FLAG_NOT_FOUND' },
      });
      const flagset = await fetch(`${t.server.url}/sdk/v1/flagset`, { headers: { 'x-api-key': sdkKey } });
      expect(((await flagset.json()) as { flags: object }).flags).not.toHaveProperty('checkout');

      // Hidden from the default list, shown with ?archived=true, still readable by key.
      expect((await t.api('GET', flags)).body.flags.map((f: { key: string }) => f.key)).not.toContain(
        'checkout',
      );
      const listed = await t.api('GET', `${flags}?archived=true`);
      expect(listed.body.flags.map((f: { key: string }) => f.key)).toEqual(['checkout']);
      expect((await t.api('GET', `${flags}/checkout`)).body.lifecycle.stage).toBe('archived');

      // Archived flags are not changed (restore first), nor archived twice, nor re-created.
      const change2 = await t.api(
        'PATCH',
        '/api/v1/projects/default/environments/production/flags/checkout',
        {
          state: 'DISABLED',
        },
      );
      expect(change2.status).toBe(409);
      expect(change2.body.error.message).toContain('archived');
      expect((await t.api('POST', `${flags}/checkout/archive`)).status).toBe(409);
      const killed = await t.api(
        'POST',
        '/api/v1/projects/default/environments/production/flags/checkout/kill',
        {},
      );
      expect(killed.status).toBe(409);
      const again = await t.api('POST', flags, { key: 'checkout', variants: { on: true, off: false } });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('restore');

      const restored = await t.api('POST', `${flags}/checkout/restore`);
      expect(restored.status, restored.text).toBe(200);
      expect(restored.body).toMatchObject({ archivedAt: null, version: before.body.version + 2 });
      expect(restored.body.environments).toEqual(before.body.environments);
      expect(restored.body.lifecycle.stage).not.toBe('archived');
      const back = await nextChange(stream);
      expect(JSON.parse(back.data).flags.checkout).toMatchObject({ state: 'ENABLED', defaultVariant: 'on' });
      expect(await evaluate('checkout')).toMatchObject({
        status: 200,
        body: { value: false, variant: 'off' },
      });
      expect((await t.api('POST', `${flags}/checkout/restore`)).status).toBe(409);
    } finally {
      stream.close();
    }

    // The history holds both steps, with the reason given.
    const audit = await t.api('GET', '/api/v1/audit?project=default&limit=10');
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 2)).toEqual(['flag.restore', 'flag.archive']);
    expect(audit.body.entries[1]).toMatchObject({ reason: 'launched last quarter' });
  });

  it('keeps an archived flag out of flag-set imports: not removed by one, refused when named', async () => {
    const flagset = '/api/v1/projects/default/environments/production/flagset';
    await t.api('POST', flags, { key: 'legacy', variants: { on: true, off: false } });
    expect((await t.api('POST', `${flags}/legacy/archive`)).status).toBe(200);
    const imported = await t.api('PUT', flagset, {
      flags: { checkout: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' } },
    });
    expect(imported.status, imported.text).toBe(200);
    const legacy = await t.api('GET', `${flags}/legacy`);
    expect(legacy.body.environments).toHaveProperty('production');
    const named = await t.api('PUT', flagset, {
      flags: { legacy: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' } },
    });
    expect(named.status).toBe(409);
    expect(named.body.error.message).toContain('restore it');
    expect((await t.api('POST', `${flags}/legacy/restore`)).body.environments.production.state).toBe(
      'DISABLED',
    );
  });

  it('refuses a stale If-Match and an unknown flag, changing nothing', async () => {
    const stale = await t.api('POST', `${flags}/checkout/archive`, undefined, {
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect((await t.api('GET', `${flags}/checkout`)).body.archivedAt).toBeNull();
    const missing = await t.api('POST', `${flags}/nope/archive`);
    expect(missing.status).toBe(404);
  });

  it('refuses to archive a flag a rollout is ramping', async () => {
    await t.api('POST', flags, { key: 'ramp', variants: { on: true, off: false } });
    const started = await t.api('POST', '/api/v1/projects/default/environments/production/rollouts', {
      flag: 'ramp',
      variant: 'on',
      control: 'off',
      schedule: { shape: 'custom', steps: [10, 100], interval: '1h' },
      guardrails: [{ metric: 'error-rate', max: 0.05 }],
    });
    expect(started.status, started.text).toBe(201);
    const refused = await t.api('POST', `${flags}/ramp/archive`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('rollout');
    expect((await t.api('GET', `${flags}/ramp`)).body.archivedAt).toBeNull();
  });
});
