import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');

describe.each(targets)('audit, health and OpenAPI over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'audited',
      variants: { on: true, off: false },
    });
    await t.api('PATCH', '/api/v1/projects/default/environments/production/flags/audited', {
      state: 'ENABLED',
    });
  });
  afterAll(() => t?.stop());

  it('lists audit entries with actor, action, resource and the before/after difference', async () => {
    const audit = await t.api('GET', '/api/v1/audit?project=default&flag=audited');
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'flag-config.update',
      'flag.create',
    ]);
    const [update] = audit.body.entries;
    expect(update).toMatchObject({
      actor: { name: 'SWITCHYARD_ADMIN_TOKEN' },
      resource: 'projects/default/environments/production/flags/audited',
      environment: 'production',
      changes: [{ path: '/state', before: 'DISABLED', after: 'ENABLED' }],
    });
  });

  it('filters by environment, actor and time, and pages with a cursor', async () => {
    const prod = await t.api('GET', '/api/v1/audit?environment=production&flag=audited');
    expect(prod.body.entries).toHaveLength(1);
    expect((await t.api('GET', '/api/v1/audit?actor=system')).body.entries.length).toBeGreaterThan(0);
    expect((await t.api('GET', '/api/v1/audit?actor=nobody')).body.entries).toHaveLength(0);
    expect((await t.api('GET', '/api/v1/audit?since=2999-01-01')).body.entries).toHaveLength(0);
    expect((await t.api('GET', '/api/v1/audit?until=2000-01-01T00:00:00Z')).body.entries).toHaveLength(0);
    const page1 = await t.api('GET', '/api/v1/audit?limit=1');
    expect(page1.body.entries).toHaveLength(1);
    const page2 = await t.api('GET', `/api/v1/audit?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.entries[0].id).toBeLessThan(page1.body.entries[0].id);
    const bad = await t.api('GET', '/api/v1/audit?since=yesterday&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toContain('/query/limit');
  });

  it('answers /healthz and /readyz without credentials', async () => {
    const health = await fetch(`${t.server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${t.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { storage: 'ok', flagSets: 'ok' } });
  });

  it('serves an OpenAPI document listing every admin route with its schemas', async () => {
    const response = await fetch(`${t.server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe('3.1.0');
    const required: [string, string][] = [
      ['/api/v1/projects', 'get'],
      ['/api/v1/projects', 'post'],
      ['/api/v1/projects/{project}/environments', 'post'],
      ['/api/v1/projects/{project}/flags', 'post'],
      ['/api/v1/projects/{project}/flags/{flag}', 'patch'],
      ['/api/v1/projects/{project}/flags/{flag}', 'delete'],
      ['/api/v1/projects/{project}/environments/{env}/flags/{flag}', 'put'],
      ['/api/v1/projects/{project}/environments/{env}/flagset', 'put'],
      ['/api/v1/projects/{project}/environments/{env}/sdk-keys', 'post'],
      ['/api/v1/audit', 'get'],
    ];
    for (const [path, method] of required)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const createFlag = doc.paths['/api/v1/projects/{project}/flags'].post;
    const schema = createFlag.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['key', 'variants']));
    // The published schema is the one enforced: it rejects what the server rejects.
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ key: 'ok', variants: { a: 1 } })).toBe(true);
    expect(validate({ key: 'ok', variants: {}, extra: 1 })).toBe(false);
    // Served without a token, and documented so; every other operation needs the admin token, or a
    // dashboard session (sign-in itself is public).
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(doc.paths['/api/v1/openapi.json'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/sessions'].post.security).toEqual([]);
    expect(doc.security).toEqual([{ adminToken: [] }, { session: [] }]);
    expect(doc.components.securitySchemes.session).toMatchObject({
      in: 'cookie',
      name: 'switchyard_session',
    });
    // The project-file schema too, so editors fetch it without a token.
    expect(doc.paths['/api/v1/schemas/project.json'].get.security).toEqual([]);
    const projectSchema = await fetch(`${t.server.url}/api/v1/schemas/project.json`);
    expect(projectSchema.status).toBe(200);
    expect((await projectSchema.json()).title).toBe('Switchyard project');
    expect(createFlag.security).toBeUndefined();
  });
});
