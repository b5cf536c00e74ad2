import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { expectedSummary } from '../support/flag-summary.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const flags = '/api/v1/projects/default/flags';
const configOf = (env: string, key: string) => `/api/v1/projects/default/environments/${env}/flags/${key}`;

describe.each(targets)('the flag list summary (view=summary) over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
    const create = async (body: object) => {
      const created = await t.api('POST', flags, { variants: { on: true, off: false }, ...body });
      expect(created.status, created.text).toBe(201);
    };
    await create({
      key: 'checkout',
      name: 'New checkout',
      description: 'The one-page checkout',
      kind: 'experiment',
      owner: 'payments',
      tags: ['web', 'cart'],
      metadata: { jira: 'PAY-1' },
    });
    await create({ key: 'dark-mode', kind: 'permission', owner: 'ui', tags: ['web'] });
    await create({ key: 'kill-search', kind: 'operational', owner: 'search' });
    await create({ key: 'old-banner', owner: 'ui' });
    const targeting = { if: [{ ends_with: [{ var: 'email' }, '@example.com'] }, 'on', 'off'] };
    for (const [env, key, body] of [
      ['production', 'checkout', { state: 'ENABLED', targeting }],
      ['development', 'dark-mode', { state: 'ENABLED', defaultVariant: 'on' }],
      ['production', 'dark-mode', { state: 'ENABLED', defaultVariant: 'on' }],
      ['production', 'kill-search', { state: 'ENABLED' }],
    ] as const) {
      const changed = await t.api('PATCH', configOf(env, key), body);
      expect(changed.status, changed.text).toBe(200);
    }
    // A scan that finds only two flags makes the others stale (no code references).
    const upload = await t.api('POST', '/api/v1/projects/default/code-references', {
      repository: 'github.com/acme/shop',
      commit: 'c0ffee',
      references: [
        { flag: 'checkout', file: 'src/checkout.ts', line: 3 },
        { flag: 'dark-mode', file: 'src/theme.ts', line: 9 },
      ],
    });
    expect(upload.status, upload.text).toBe(200);
    const archived = await t.api('POST', `${flags}/old-banner/archive`);
    expect(archived.status, archived.text).toBe(200);
  });
  afterAll(() => t?.stop());

  it('answers only what the list shows: states per environment, stage and stale reasons', async () => {
    const answer = await t.api('GET', `${flags}?view=summary`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body.flags.map((f: { key: string }) => f.key)).toEqual([
      'checkout',
      'dark-mode',
      'kill-search',
    ]);
    expect(answer.body.flags[0]).toEqual({
      key: 'checkout',
      name: 'New checkout',
      description: 'The one-page checkout',
      kind: 'experiment',
      owner: 'payments',
      tags: ['web', 'cart'],
      version: 1,
      archivedAt: null,
      environments: { development: { state: 'DISABLED' }, production: { state: 'ENABLED' } },
      lifecycle: { stage: 'rolling-out' },
      stale: { reasons: [] },
    });
    expect(answer.body.flags[1]).toMatchObject({
      key: 'dark-mode',
      environments: { development: { state: 'ENABLED' }, production: { state: 'ENABLED' } },
      lifecycle: { stage: 'fully-released' },
    });
    expect(answer.body.flags[2].stale.reasons).toEqual([
      { code: 'no-code-references', message: expect.stringContaining('no code references it') },
    ]);
  });

  it('says of every flag what the full list says, under every filter', async () => {
    for (const query of ['', 'kind=permission', 'tag=web', 'stale=true', 'stale=false', 'archived=true']) {
      const full = await t.api('GET', `${flags}?${query}`);
      const summary = await t.api('GET', `${flags}?${query}${query ? '&' : ''}view=summary`);
      expect(summary.status, summary.text).toBe(200);
      expect(full.body.flags.length, query).toBeGreaterThan(0);
      expect(summary.body.flags, query).toEqual(full.body.flags.map(expectedSummary));
    }
    const archived = await t.api('GET', `${flags}?archived=true&view=summary`);
    expect(archived.body.flags).toEqual([
      expect.objectContaining({
        key: 'old-banner',
        archivedAt: expect.any(String),
        lifecycle: { stage: 'archived' },
      }),
    ]);
  });

  it('keeps the full answer the default, and view=full the same', async () => {
    const plain = await t.api('GET', flags);
    const full = await t.api('GET', `${flags}?view=full`);
    expect(full.status).toBe(200);
    expect(full.body).toEqual(plain.body);
    expect(plain.body.flags[0]).toMatchObject({
      variants: { on: true, off: false },
      metadata: { jira: 'PAY-1' },
      environments: { production: { state: 'ENABLED', targeting: expect.any(Object), version: 2 } },
      codeReferences: { references: 1 },
    });
  });

  it('refuses an unknown view, naming the parameter and the allowed values', async () => {
    const refused = await t.api('GET', `${flags}?view=summaries`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.issues).toEqual([
      { path: '/query/view', message: expect.stringMatching(/"full".*"summary"/) },
    ]);
  });

  it('is authorised like the list: a token of another project is refused, a viewer reads', async () => {
    expect((await t.api('POST', '/api/v1/projects', { key: 'shop' })).status).toBe(201);
    const shopOnly = await t.api('POST', '/api/v1/admin-tokens', {
      name: 'shop team',
      role: 'editor',
      projects: ['shop'],
    });
    const viewer = await t.api('POST', '/api/v1/admin-tokens', { name: 'reader', role: 'viewer' });
    const refused = await t.api('GET', `${flags}?view=summary`, undefined, { token: shopOnly.body.token });
    expect(refused.status).toBe(403);
    const read = await t.api('GET', `${flags}?view=summary`, undefined, { token: viewer.body.token });
    expect(read.status).toBe(200);
    expect(read.body.flags).toHaveLength(3);
    expect((await t.api('GET', `${flags}?view=summary`, undefined, { token: null })).status).toBe(401);
  });
});
