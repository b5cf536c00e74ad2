import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('lifecycle settings tests (PostgreSQL)');
const lifecycle = '/api/v1/projects/default/lifecycle';
const flags = '/api/v1/projects/default/flags';

describe.each(targets)('lifecycle settings and naming policy over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  it('answers the defaults until changed', async () => {
    const answer = await t.api('GET', lifecycle);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('etag')).toBe('"0"');
    expect(answer.body).toEqual({
      project: 'default',
      expectedLifetimeDays: { release: 40, experiment: 40, operational: null, permission: null },
      stale: { singleVariantDays: 14, notEvaluatedDays: 30, codeReferences: true },
      naming: { keyPattern: null, requireOwner: false, requireDescription: false, requireKind: false },
      digest: null,
      version: 0,
      updatedAt: null,
    });
    expect((await t.api('GET', '/api/v1/projects/nope/lifecycle')).status).toBe(404);
  });

  it('refuses invalid settings naming the field, and stores nothing', async () => {
    const cases: [object, string, string][] = [
      [{ naming: { keyPattern: '^[a-z' } }, '/body/naming/keyPattern', 'not a valid regular expression'],
      [{ stale: { notEvaluatedDays: 0 } }, '/body/stale/notEvaluatedDays', ''],
      [{ expectedLifetimeDays: { relase: 10 } }, '/body/expectedLifetimeDays', 'release'],
      [
        { digest: { url: 'ftp://example.com/x', secret: 'a-long-enough-secret' } },
        '/body/digest/url',
        'http',
      ],
      [{ digest: { url: 'http://127.0.0.1:9/hook' } }, '/body/digest/secret', 'required'],
    ];
    for (const [body, path, message] of cases) {
      const answer = await t.api('PATCH', lifecycle, body);
      expect(answer.status, answer.text).toBe(400);
      const issue = answer.body.error.issues.find((i: { path: string }) => i.path.startsWith(path));
      expect(issue, answer.text).toBeDefined();
      expect(issue.message).toContain(message);
    }
    expect((await t.api('GET', lifecycle)).body.version).toBe(0);
  });

  it('enforces the naming and ownership policy on create, naming the field and the rule', async () => {
    const set = await t.api('PATCH', lifecycle, {
      naming: {
        keyPattern: '^[a-z]+(-[a-z0-9]+)*$',
        requireOwner: true,
        requireDescription: true,
        requireKind: true,
      },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.version).toBe(1);
    const refused = await t.api('POST', flags, { key: 'checkout.v2', variants: { on: true, off: false } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([
      {
        path: '/body/key',
        message: `"checkout.v2" does not match the project's flag key pattern ^[a-z]+(-[a-z0-9]+)*$`,
      },
      { path: '/body/owner', message: "is required by the project's policy (naming.requireOwner)" },
      {
        path: '/body/description',
        message: "is required by the project's policy (naming.requireDescription)",
      },
      { path: '/body/kind', message: "is required by the project's policy (naming.requireKind)" },
    ]);
    const blankOwner = await t.api('POST', flags, {
      key: 'new-checkout',
      kind: 'release',
      owner: '  ',
      description: 'The new checkout',
      variants: { on: true, off: false },
    });
    expect(blankOwner.status).toBe(400);
    expect(blankOwner.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['/body/owner']);
    expect((await t.api('GET', `${flags}/new-checkout`)).status).toBe(404);
    const created = await t.api('POST', flags, {
      key: 'new-checkout',
      kind: 'release',
      owner: 'payments',
      description: 'The new checkout',
      variants: { on: true, off: false },
    });
    expect(created.status, created.text).toBe(201);
    // The same refusal through the command path.
    const command = await t.api('POST', '/api/v1/commands', {
      action: 'flag.create',
      target: { project: 'default' },
      payload: {
        key: 'x_y',
        kind: 'release',
        owner: 'a',
        description: 'b',
        variants: { on: true, off: false },
      },
    });
    expect(command.status).toBe(400);
    expect(command.body.error.issues[0].path).toBe('/payload/key');
  });

  it('keeps the digest secret to itself, versions changes and records them in the audit trail', async () => {
    const current = await t.api('GET', lifecycle);
    const stale = await t.api(
      'PATCH',
      lifecycle,
      { stale: { notEvaluatedDays: 60 } },
      { headers: { 'if-match': '"0"' } },
    );
    expect(stale.status).toBe(412);
    const set = await t.api(
      'PATCH',
      lifecycle,
      { digest: { url: 'http://127.0.0.1:9/hook', secret: 'sixteen-chars-secret', schedule: 'weekly' } },
      { headers: { 'if-match': `"${current.body.version}"` } },
    );
    expect(set.status, set.text).toBe(200);
    expect(set.body.digest).toEqual({
      url: 'http://127.0.0.1:9/hook',
      schedule: 'weekly',
      dueAt: expect.any(String),
      lastSentAt: null,
      lastError: null,
    });
    expect(set.text).not.toContain('sixteen-chars-secret');
    // Changing the URL keeps the secret.
    const moved = await t.api('PATCH', lifecycle, { digest: { url: 'http://127.0.0.1:9/other' } });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.digest).toMatchObject({
      url: 'http://127.0.0.1:9/other',
      schedule: 'weekly',
      dueAt: set.body.digest.dueAt,
    });
    const audit = await t.api('GET', '/api/v1/audit?project=default&limit=5');
    expect(audit.text).not.toContain('sixteen-chars-secret');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'lifecycle.update',
      resource: 'projects/default/lifecycle',
    });
    const removed = await t.api('PATCH', lifecycle, { digest: null });
    expect(removed.body.digest).toBeNull();
  });

  it('lets only admins change the settings', async () => {
    const token = await t.api('POST', '/api/v1/admin-tokens', { name: 'ed', role: 'editor' });
    expect(token.status, token.text).toBe(201);
    const refused = await t.api(
      'PATCH',
      lifecycle,
      { stale: { notEvaluatedDays: 5 } },
      { token: token.body.token },
    );
    expect(refused.status).toBe(403);
    expect((await t.api('GET', lifecycle, undefined, { token: token.body.token })).status).toBe(200);
  });
});
