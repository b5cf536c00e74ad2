import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');

describe.each(targets)('projects and environments over HTTP on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  it('has the default project with development and production after first start', async () => {
    const projects = await t.api('GET', '/api/v1/projects');
    expect(projects.status).toBe(200);
    expect(projects.body.projects.map((p: { key: string }) => p.key)).toEqual(['default']);
    const envs = await t.api('GET', '/api/v1/projects/default/environments');
    expect(envs.body.environments.map((e: { key: string }) => e.key)).toEqual(['development', 'production']);
  });

  it('creates a project with environments, answers 201 with an ETag, and 409 on a duplicate', async () => {
    const created = await t.api('POST', '/api/v1/projects', {
      key: 'shop',
      name: 'Shop',
      environments: [{ key: 'staging' }, { key: 'live', name: 'Live' }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ key: 'shop', name: 'Shop', version: 1 });
    const got = await t.api('GET', '/api/v1/projects/shop');
    expect(got.body.key).toBe('shop');
    const envs = await t.api('GET', '/api/v1/projects/shop/environments');
    expect(envs.body.environments.map((e: { key: string }) => e.key)).toEqual(['live', 'staging']);
    const again = await t.api('POST', '/api/v1/projects', { key: 'shop' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('creates an environment in which every existing flag starts DISABLED', async () => {
    await t.api('POST', '/api/v1/projects/default/flags', { key: 'env-test', variants: { a: 'A', b: 'B' } });
    const created = await t.api('POST', '/api/v1/projects/default/environments', { key: 'qa', name: 'QA' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'qa', name: 'QA', project: 'default', version: 1 });
    const single = await t.api('GET', '/api/v1/projects/default/environments/qa');
    expect(single.status).toBe(200);
    expect(single.headers.get('etag')).toBe('"1"');
    const flagSet = await t.api('GET', '/api/v1/projects/default/environments/qa/flagset');
    expect(flagSet.body.flags['env-test']).toEqual({
      state: 'DISABLED',
      variants: { a: 'A', b: 'B' },
      defaultVariant: 'a',
    });
    const duplicate = await t.api('POST', '/api/v1/projects/default/environments', { key: 'qa' });
    expect(duplicate.status).toBe(409);
  });

  it('answers 404 naming the missing project or environment', async () => {
    const project = await t.api('GET', '/api/v1/projects/nope/environments');
    expect(project.status).toBe(404);
    expect(project.body.error.message).toContain('"nope"');
    const env = await t.api('GET', '/api/v1/projects/default/environments/nope');
    expect(env.status).toBe(404);
    expect(env.body.error.message).toContain('"nope"');
  });

  it('patches a project with If-Match (412 when stale)', async () => {
    const patched = await t.api(
      'PATCH',
      '/api/v1/projects/shop',
      { description: 'Web shop' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(patched.body.description).toBe('Web shop');
    const stale = await t.api(
      'PATCH',
      '/api/v1/projects/shop',
      { name: 'x' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect((await t.api('GET', '/api/v1/projects/shop')).body.name).toBe('Shop');
  });

  it('deletes an environment: its flag set is unpublished and its SDK keys stop working at once', async () => {
    const key = (
      await t.api('POST', '/api/v1/projects/shop/environments/staging/sdk-keys', {
        name: 'k',
        kind: 'server',
      })
    ).body.key;
    const sync = () => fetch(`${t.server.url}/sdk/v1/flagset`, { headers: { 'x-api-key': key } });
    expect((await sync()).status).toBe(200);
    const env = await t.api('GET', '/api/v1/projects/shop/environments/staging');
    expect(
      (
        await t.api('DELETE', '/api/v1/projects/shop/environments/staging', undefined, {
          headers: { 'if-match': '"99"' },
        })
      ).status,
    ).toBe(412);
    const deleted = await t.api('DELETE', '/api/v1/projects/shop/environments/staging', undefined, {
      headers: { 'if-match': env.headers.get('etag')! },
    });
    expect(deleted.status).toBe(204);
    expect((await t.api('GET', '/api/v1/projects/shop/environments/staging')).status).toBe(404);
    expect((await sync()).status).toBe(401);
    const audit = await t.api('GET', '/api/v1/audit?project=shop&environment=staging&limit=1');
    expect(audit.body.entries[0].action).toBe('environment.delete');
  });

  it('deletes a project with everything in it', async () => {
    await t.api('POST', '/api/v1/projects/shop/flags', { key: 'gone', variants: { a: 1 } });
    const key = (
      await t.api('POST', '/api/v1/projects/shop/environments/live/sdk-keys', { name: 'k', kind: 'client' })
    ).body.key;
    expect((await t.api('DELETE', '/api/v1/projects/shop')).status).toBe(204);
    expect((await t.api('GET', '/api/v1/projects/shop')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/projects/shop/flags/gone')).status).toBe(404);
    const ofrep = await fetch(`${t.server.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ context: {} }),
    });
    expect(ofrep.status).toBe(401);
    // The name is free again.
    expect((await t.api('POST', '/api/v1/projects', { key: 'shop' })).status).toBe(201);
  });
});
