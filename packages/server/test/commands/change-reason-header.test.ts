import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeChangeReason } from '../../src/commands/change-reason.js';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

describe('decodeChangeReason', () => {
  it.each([
    ['SHOP-12 launched', 'SHOP-12 launched'],
    ["UTF-8''Rollback%20%E2%80%94%20SHOP-12", 'Rollback — SHOP-12'],
    ["utf-8''%E5%9B%9E%E6%BB%9A%20%F0%9F%9A%80", '回滚 🚀'],
    ["UTF-8''it%27s%20100%25", "it's 100%"],
    ["UTF-8''", ''],
  ])('%j carries %j', (header, reason) => {
    expect(decodeChangeReason(header)).toEqual({ ok: true, reason });
  });

  it.each([
    ['a space left unencoded', "UTF-8''Rollback now", "must be percent-encoded after UTF-8'' (RFC 8187)"],
    ['a lone percent sign', "UTF-8''100%", "must be percent-encoded after UTF-8'' (RFC 8187)"],
    ['a truncated UTF-8 sequence', "UTF-8''%E2%80", "must encode valid UTF-8 after UTF-8'' (RFC 8187)"],
    ['a byte that is never UTF-8', "UTF-8''%FF", "must encode valid UTF-8 after UTF-8'' (RFC 8187)"],
    ['1001 plain characters', 'x'.repeat(1001), 'must be at most 1000 characters, got 1001'],
    [
      '1001 encoded emoji',
      `UTF-8''${'%F0%9F%9A%80'.repeat(1001)}`,
      'must be at most 1000 characters, got 1001',
    ],
  ])('%s is refused', (_, header, message) => {
    expect(decodeChangeReason(header)).toEqual({ ok: false, message });
  });

  it('counts characters, not UTF-16 units: 1000 emoji are a reason of 1000 characters', () => {
    expect(decodeChangeReason(`UTF-8''${'%F0%9F%9A%80'.repeat(1000)}`)).toEqual({
      ok: true,
      reason: '🚀'.repeat(1000),
    });
  });
});

const targets = await storageTargets('change reason header tests (PostgreSQL)');

describe.each(targets)('the X-Change-Reason header over HTTP on %s', (target) => {
  let t: TestServer;
  const flags = '/api/v1/projects/default/flags';
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  it('records an RFC 8187 extended value decoded in the audit trail', async () => {
    const created = await t.api(
      'POST',
      flags,
      { key: 'encoded-reason', variants: { on: true, off: false } },
      { headers: { 'x-change-reason': "UTF-8''Launch%20%E2%80%94%20%E6%A4%9C%E7%B4%A2%20%F0%9F%9A%80" } },
    );
    expect(created.status, created.text).toBe(201);
    const audit = await t.api('GET', '/api/v1/audit?project=default&flag=encoded-reason');
    expect(audit.body.entries.map((e: { reason: string | null }) => e.reason)).toEqual(['Launch — 検索 🚀']);
  });

  it('refuses a malformed extended value with a 400 naming the header, and changes nothing', async () => {
    const refused = await t.api(
      'POST',
      flags,
      { key: 'badly-encoded', variants: { on: true, off: false } },
      { headers: { 'x-change-reason': "UTF-8''Launch %E2%80" } },
    );
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.issues).toEqual([
      { path: '/headers/x-change-reason', message: "must be percent-encoded after UTF-8'' (RFC 8187)" },
    ]);
    expect((await t.api('GET', `${flags}/badly-encoded`)).status).toBe(404);
  });

  it('describes the header on every write in the OpenAPI document', async () => {
    const doc = await t.api('GET', '/api/v1/openapi.json');
    const create = doc.body.paths['/api/v1/projects/{project}/flags'].post;
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ name: 'X-Change-Reason', in: 'header', required: false }),
    );
    const list = doc.body.paths['/api/v1/projects/{project}/flags'].get;
    expect(list.parameters ?? []).not.toContainEqual(expect.objectContaining({ name: 'X-Change-Reason' }));
  });
});
