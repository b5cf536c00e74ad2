import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');

describe.each(targets)('admin tokens limited to projects and environments on %s', (target) => {
  let t: TestServer;
  let devEditor: string;
  let shopOnly: string;
  beforeAll(async () => {
    t = await startTestServer(target);
    await t.api('POST', '/api/v1/projects', {
      key: 'shop',
      environments: [{ key: 'development' }, { key: 'production' }],
    });
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'checkout',
      variants: { on: true, off: false },
    });
    await t.api('POST', '/api/v1/projects/shop/flags', { key: 'cart', variants: { on: true, off: false } });
    const editor = await t.api('POST', '/api/v1/admin-tokens', {
      name: 'dev editor',
      role: 'viewer',
      grants: [{ role: 'editor', environment: 'development' }],
    });
    expect(editor.status, editor.text).toBe(201);
    expect(editor.body).toMatchObject({
      role: 'viewer',
      projects: null,
      grants: [{ role: 'editor', environment: 'development' }],
    });
    devEditor = editor.body.token;
    const limited = await t.api('POST', '/api/v1/admin-tokens', {
      name: 'shop team',
      role: 'editor',
      projects: ['shop'],
    });
    shopOnly = limited.body.token;
  });
  afterAll(() => t?.stop());

  it('an editor of development changes development, and only reads production', async () => {
    const as = { token: devEditor };
    const dev = await t.api(
      'PATCH',
      '/api/v1/projects/default/environments/development/flags/checkout',
      { state: 'ENABLED' },
      as,
    );
    expect(dev.status, dev.text).toBe(200);
    const prod = await t.api(
      'PATCH',
      '/api/v1/projects/default/environments/production/flags/checkout',
      { state: 'ENABLED' },
      as,
    );
    expect(prod.status).toBe(403);
    expect(prod.body.error.message).toContain('environment "production" of project "default"');
    expect(
      (await t.api('GET', '/api/v1/projects/default/environments/production/flags/checkout', undefined, as))
        .status,
    ).toBe(200);
    // Variants are project-wide: changing them changes production too.
    const variants = await t.api(
      'PATCH',
      '/api/v1/projects/default/flags/checkout',
      { variants: { on: true, off: false, x: false } },
      as,
    );
    expect(variants.status).toBe(403);
    // The grant holds in every project the token reaches.
    const shopDev = await t.api(
      'PATCH',
      '/api/v1/projects/shop/environments/development/flags/cart',
      { state: 'ENABLED' },
      as,
    );
    expect(shopDev.status).toBe(200);
  });

  it('a token limited to a project sees and changes only that project', async () => {
    const as = { token: shopOnly };
    const list = await t.api('GET', '/api/v1/projects', undefined, as);
    expect(list.body.projects.map((p: { key: string }) => p.key)).toEqual(['shop']);
    expect((await t.api('GET', '/api/v1/projects/default/flags', undefined, as)).status).toBe(403);
    expect(
      (await t.api('POST', '/api/v1/projects/shop/flags', { key: 'wishlist', variants: { on: true } }, as))
        .status,
    ).toBe(201);
    expect(
      (await t.api('POST', '/api/v1/projects/default/flags', { key: 'x', variants: { on: true } }, as))
        .status,
    ).toBe(403);
    expect((await t.api('POST', '/api/v1/projects', { key: 'other' }, as)).status).toBe(403);
    // The audit trail shows only the project's entries.
    const audit = await t.api('GET', '/api/v1/audit?limit=500', undefined, as);
    expect(audit.status).toBe(200);
    expect(audit.body.entries.length).toBeGreaterThan(0);
    expect(new Set(audit.body.entries.map((e: { project: string }) => e.project))).toEqual(new Set(['shop']));
    // It manages no tokens.
    expect((await t.api('GET', '/api/v1/admin-tokens', undefined, as)).status).toBe(403);
  });

  it('refuses a grant that names neither a project nor an environment', async () => {
    const response = await t.api('POST', '/api/v1/admin-tokens', {
      name: 'x',
      role: 'viewer',
      grants: [{ role: 'editor' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([
      { path: '/body/grants/0', message: 'a grant names a project, an environment, or both' },
    ]);
  });

  it('never demotes or revokes the last admin that reaches every project', async () => {
    const tokens = (await t.api('GET', '/api/v1/admin-tokens')).body.adminTokens as {
      id: string;
      role: string;
      projects: null;
    }[];
    const admins = tokens.filter((token) => token.role === 'admin' && token.projects === null);
    expect(admins).toHaveLength(1);
    const id = admins[0]!.id;
    for (const change of [{ role: 'editor' }, { projects: ['shop'] }]) {
      const response = await t.api('PATCH', `/api/v1/admin-tokens/${id}`, change);
      expect(response.status).toBe(409);
      expect(response.body.error.message).toContain('last admin token cannot be demoted');
    }
    expect((await t.api('PATCH', `/api/v1/admin-tokens/${id}`, { name: 'renamed' })).status).toBe(200);
  });
});

describe.each(targets)('two admins revoking each other at the same instant on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  it('leaves at least one admin, whatever the interleaving', async () => {
    let admin = testAdminToken;
    for (let round = 0; round < 5; round++) {
      const as = { token: admin };
      const a = (await t.api('POST', '/api/v1/admin-tokens', { name: `a${round}`, role: 'admin' }, as)).body;
      const b = (await t.api('POST', '/api/v1/admin-tokens', { name: `b${round}`, role: 'admin' }, as)).body;
      // Leave exactly these two unrestricted admins.
      const tokens = (await t.api('GET', '/api/v1/admin-tokens', undefined, as)).body.adminTokens as {
        id: string;
        role: string;
        revokedAt: string | null;
      }[];
      for (const old of tokens.filter(
        (x) => x.role === 'admin' && x.revokedAt === null && x.id !== a.id && x.id !== b.id,
      )) {
        expect(
          (await t.api('DELETE', `/api/v1/admin-tokens/${old.id}`, undefined, { token: a.token })).status,
        ).toBe(200);
      }
      const [byA, byB] = await Promise.all([
        t.api('DELETE', `/api/v1/admin-tokens/${b.id}`, undefined, { token: a.token }),
        t.api('DELETE', `/api/v1/admin-tokens/${a.id}`, undefined, { token: b.token }),
      ]);
      const statuses = [byA.status, byB.status].sort();
      expect(statuses[0], `${byA.text} ${byB.text}`).toBe(200);
      expect([401, 409]).toContain(statuses[1]);
      admin = byA.status === 200 ? a.token : b.token;
      const left = (await t.api('GET', '/api/v1/admin-tokens', undefined, { token: admin })).body
        .adminTokens as {
        role: string;
        revokedAt: string | null;
      }[];
      expect(left.filter((x) => x.role === 'admin' && x.revokedAt === null)).toHaveLength(1);
    }
  });
});
