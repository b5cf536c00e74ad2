import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const segments = '/api/v1/projects/default/environments/production/segments';
const flagSet = '/api/v1/projects/default/environments/production/flagset';

describe.each(targets)('segments over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  const staffRule = { ends_with: [{ var: 'email' }, '@example.com'] };

  it('creates a segment, published as $evaluators in that environment only', async () => {
    const created = await t.api('POST', segments, { key: 'staff', name: 'Staff', rule: staffRule });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ key: 'staff', name: 'Staff', rule: staffRule, version: 1 });
    expect((await t.api('GET', flagSet)).body.$evaluators).toEqual({ staff: staffRule });
    expect(
      (await t.api('GET', '/api/v1/projects/default/environments/development/flagset')).body.$evaluators,
    ).toBeUndefined();
    expect((await t.api('GET', segments)).body.segments.map((s: { key: string }) => s.key)).toEqual([
      'staff',
    ]);
    expect((await t.api('GET', `${segments}/staff`)).body.rule).toEqual(staffRule);
    expect((await t.api('POST', segments, { key: 'staff', rule: staffRule })).status).toBe(409);
  });

  it('lets targeting refer to it, and refuses to delete it while referred to', async () => {
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'beta',
      variants: { on: true, off: false },
    });
    const targeting = { if: [{ $ref: 'staff' }, 'on', 'off'] };
    const put = await t.api('PUT', '/api/v1/projects/default/environments/production/flags/beta', {
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting,
    });
    expect(put.status).toBe(200);
    const refused = await t.api('DELETE', `${segments}/staff`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].path).toMatch(/^\/flags\/beta\/targeting/);
    expect((await t.api('GET', `${segments}/staff`)).status).toBe(200);
  });

  it('refuses a reference to a segment that does not exist', async () => {
    const put = await t.api('PATCH', '/api/v1/projects/default/environments/production/flags/beta', {
      targeting: { if: [{ $ref: 'ghosts' }, 'on', 'off'] },
    });
    expect(put.status).toBe(400);
    expect(put.body.error.issues[0].message).toContain('"ghosts"');
  });

  it('patches with If-Match (412 when stale) and deletes when unused', async () => {
    const newRule = { ends_with: [{ var: 'email' }, '@example.org'] };
    expect(
      (await t.api('PATCH', `${segments}/staff`, { rule: newRule }, { headers: { 'if-match': '"9"' } }))
        .status,
    ).toBe(412);
    const patched = await t.api(
      'PATCH',
      `${segments}/staff`,
      { rule: newRule },
      { headers: { 'if-match': '"1"' } },
    );
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect((await t.api('GET', flagSet)).body.$evaluators.staff).toEqual(newRule);
    await t.api('PATCH', '/api/v1/projects/default/environments/production/flags/beta', { targeting: null });
    expect((await t.api('DELETE', `${segments}/staff`)).status).toBe(204);
    expect((await t.api('GET', flagSet)).body.$evaluators).toBeUndefined();
  });
});
