import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('code references API tests (PostgreSQL)');
const base = '/api/v1/projects/default/code-references';

const upload = (references: { flag: string; file: string; line: number }[], extra: object = {}) => ({
  repository: 'github.com/acme/shop',
  commit: 'c0ffee1',
  branch: 'main',
  references,
  ...extra,
});

describe.each(targets)('code references over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
    for (const key of ['checkout', 'banner', 'unused']) {
      const created = await t.api('POST', '/api/v1/projects/default/flags', {
        key,
        variants: { on: true, off: false },
      });
      expect(created.status, created.text).toBe(201);
    }
  });
  afterAll(() => t?.stop());

  it('stores an upload per repository, and answers who uses a flag where', async () => {
    const first = await t.api(
      'POST',
      base,
      upload([
        { flag: 'checkout', file: 'web/cart.ts', line: 12 },
        { flag: 'checkout', file: 'api/main.go', line: 40 },
        { flag: 'checkout', file: 'api/main.go', line: 40 },
        { flag: 'ghost', file: 'web/app.ts', line: 3 },
      ]),
    );
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({
      project: 'default',
      repository: 'github.com/acme/shop',
      commit: 'c0ffee1',
      branch: 'main',
      uploadedAt: expect.any(String),
      uploadedBy: 'SWITCHYARD_ADMIN_TOKEN',
      references: 3,
      flags: 2,
    });
    const other = await t.api('POST', base, {
      repository: 'github.com/acme/billing',
      commit: 'beef',
      references: [{ flag: 'checkout', file: 'src/Billing.java', line: 7 }],
    });
    expect(other.status, other.text).toBe(200);
    expect(other.body.branch).toBeNull();

    const checkout = await t.api('GET', `${base}?flag=checkout`);
    expect(checkout.status, checkout.text).toBe(200);
    expect(checkout.body).toEqual({
      project: 'default',
      lastUploadedAt: other.body.uploadedAt,
      repositories: [{ ...other.body }, { ...first.body }],
      flags: [{ flag: 'checkout', references: 3, repositories: 2 }],
      references: [
        { flag: 'checkout', repository: 'github.com/acme/billing', file: 'src/Billing.java', line: 7 },
        { flag: 'checkout', repository: 'github.com/acme/shop', file: 'api/main.go', line: 40 },
        { flag: 'checkout', repository: 'github.com/acme/shop', file: 'web/cart.ts', line: 12 },
      ],
    });
    const none = await t.api('GET', `${base}?flag=banner&repository=github.com/acme/shop`);
    expect(none.body.flags).toEqual([{ flag: 'banner', references: 0, repositories: 0 }]);
    expect(none.body.references).toEqual([]);
    expect(none.body.repositories.map((r: { repository: string }) => r.repository)).toEqual([
      'github.com/acme/shop',
    ]);
  });

  it("puts each flag's usage on the flag, for its screen and stale-flag detection", async () => {
    const flag = await t.api('GET', '/api/v1/projects/default/flags/checkout');
    const { body: list } = await t.api('GET', base);
    expect(flag.body.codeReferences).toEqual({
      references: 3,
      repositories: 2,
      lastUploadedAt: list.lastUploadedAt,
    });
    const flags = await t.api('GET', '/api/v1/projects/default/flags');
    const usage = Object.fromEntries(
      flags.body.flags.map((f: { key: string; codeReferences: unknown }) => [f.key, f.codeReferences]),
    );
    expect(usage.unused).toEqual({ references: 0, repositories: 0, lastUploadedAt: list.lastUploadedAt });
    expect(usage.banner).toEqual(usage.unused);
  });

  it("replaces a repository's references with its new upload, and audits it with the flags it found", async () => {
    const replaced = await t.api(
      'POST',
      base,
      upload([{ flag: 'banner', file: 'web/banner.tsx', line: 5 }], { commit: 'd00d', branch: 'release' }),
      { headers: { 'x-change-reason': 'nightly scan' } },
    );
    expect(replaced.status, replaced.text).toBe(200);
    const shop = await t.api('GET', `${base}?repository=github.com/acme/shop`);
    expect(shop.body.references).toEqual([
      { flag: 'banner', repository: 'github.com/acme/shop', file: 'web/banner.tsx', line: 5 },
    ]);
    expect(shop.body.repositories).toEqual([replaced.body]);
    const checkout = await t.api('GET', '/api/v1/projects/default/flags/checkout');
    expect(checkout.body.codeReferences).toMatchObject({ references: 1, repositories: 1 });

    const audit = await t.api('GET', '/api/v1/audit?project=default&limit=1');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'code-references.upload',
      resourceType: 'code-references',
      resource: 'projects/default/code-references/github.com/acme/shop',
      actor: { name: 'SWITCHYARD_ADMIN_TOKEN' },
      reason: 'nightly scan',
      before: {
        repository: 'github.com/acme/shop',
        commit: 'c0ffee1',
        branch: 'main',
        references: 3,
        flags: ['checkout', 'ghost'],
      },
      after: {
        repository: 'github.com/acme/shop',
        commit: 'd00d',
        branch: 'release',
        references: 1,
        flags: ['banner'],
      },
    });
  });

  it('refuses malformed uploads with the path of each problem, and viewers', async () => {
    const bad = await t.api('POST', base, upload([{ flag: '', file: 'a.ts', line: 0 }], { commit: '' }));
    expect(bad.status).toBe(400);
    const paths = bad.body.error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['/body/commit', '/body/references/0/flag', '/body/references/0/line']);
    const viewer = (await t.api('POST', '/api/v1/admin-tokens', { name: 'reader', role: 'viewer' })).body
      .token;
    const refused = await t.api('POST', base, upload([]), { token: viewer });
    expect(refused.status).toBe(403);
    expect((await t.api('GET', base, undefined, { token: viewer })).status).toBe(200);
    const missing = await t.api('POST', '/api/v1/projects/nope/code-references', upload([]));
    expect(missing.status).toBe(404);
  });

  it('takes an upload larger than the usual body limit, from a token limited to uploading', async () => {
    const ci = await t.api('POST', '/api/v1/admin-tokens', {
      name: 'ci',
      role: 'editor',
      actions: ['code-references.upload'],
    });
    expect(ci.status, ci.text).toBe(201);
    const references = Array.from({ length: 20_000 }, (_, i) => ({
      flag: `flag-${i % 50}`,
      file: `src/module-${Math.floor(i / 10)}/some/deeper/path/file-${i}.ts`,
      line: (i % 300) + 1,
    }));
    const body = upload(references, { repository: 'github.com/acme/monorepo' });
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    const sent = await t.api('POST', base, body, { token: ci.body.token });
    expect(sent.status, sent.text.slice(0, 500)).toBe(200);
    expect(sent.body).toMatchObject({ references: 20_000, flags: 50, uploadedBy: 'ci' });
    const one = await t.api('GET', `${base}?flag=flag-7&repository=github.com/acme/monorepo`);
    expect(one.body.flags).toEqual([{ flag: 'flag-7', references: 400, repositories: 1 }]);
  });
});
