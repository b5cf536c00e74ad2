import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const config = (env: string, flag: string) => `/api/v1/projects/default/environments/${env}/flags/${flag}`;

describe.each(targets)('per-environment flag configuration over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'banner',
      variants: { red: '#f00', blue: '#00f' },
    });
  });
  afterAll(() => t?.stop());

  it('gets the configuration with its ETag', async () => {
    const got = await t.api('GET', config('production', 'banner'));
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    expect(got.body).toMatchObject({
      flag: 'banner',
      environment: 'production',
      state: 'DISABLED',
      defaultVariant: 'red',
    });
  });

  it('replaces it with PUT, publishing the new flag set version, and only in that environment', async () => {
    const before = await t.api('GET', '/api/v1/projects/default/environments/production/flagset');
    const targeting = { if: [{ in: ['@example.com', { var: 'email' }] }, 'blue', null] };
    const put = await t.api(
      'PUT',
      config('production', 'banner'),
      { state: 'ENABLED', defaultVariant: 'red', targeting },
      { headers: { 'if-match': '"1"' } },
    );
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"2"');
    const after = await t.api('GET', '/api/v1/projects/default/environments/production/flagset');
    expect(Number(after.headers.get('etag')!.replaceAll('"', ''))).toBe(
      Number(before.headers.get('etag')!.replaceAll('"', '')) + 1,
    );
    expect(after.body.flags.banner).toEqual({
      state: 'ENABLED',
      variants: { red: '#f00', blue: '#00f' },
      defaultVariant: 'red',
      targeting,
    });
    const dev = await t.api('GET', config('development', 'banner'));
    expect(dev.body.state).toBe('DISABLED');
  });

  it('patches single fields and keeps the others', async () => {
    const patched = await t.api('PATCH', config('production', 'banner'), { state: 'DISABLED' });
    expect(patched.status).toBe(200);
    expect(patched.body.state).toBe('DISABLED');
    expect(patched.body.targeting).not.toBeNull();
    expect(patched.body.version).toBe(3);
  });

  it('answers 412 on a stale If-Match and changes nothing', async () => {
    const stale = await t.api(
      'PATCH',
      config('production', 'banner'),
      { state: 'ENABLED' },
      { headers: { 'if-match': '"2"' } },
    );
    expect(stale.status).toBe(412);
    expect((await t.api('GET', config('production', 'banner'))).body.state).toBe('DISABLED');
  });

  it('refuses an unknown default variant and invalid targeting, naming the field', async () => {
    const unknown = await t.api('PATCH', config('production', 'banner'), { defaultVariant: 'green' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toBe('/body/defaultVariant');
    expect(unknown.body.error.issues[0].message).toContain('green');
    const badTargeting = await t.api('PATCH', config('production', 'banner'), {
      targeting: { no_such_operator: [1, 2] },
    });
    expect(badTargeting.status).toBe(400);
    expect(badTargeting.body.error.code).toBe('VALIDATION_FAILED');
    expect(badTargeting.body.error.issues.length).toBeGreaterThan(0);
    expect(badTargeting.body.error.issues[0].path).toMatch(/^\/flags\/banner\/targeting/);
    expect((await t.api('GET', config('production', 'banner'))).body.version).toBe(3);
  });

  it('answers 404 for an unknown flag or environment', async () => {
    expect((await t.api('GET', config('production', 'nope'))).status).toBe(404);
    expect(
      (await t.api('PUT', config('nope', 'banner'), { state: 'ENABLED', defaultVariant: 'red' })).status,
    ).toBe(404);
  });
});
