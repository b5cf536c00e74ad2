import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const configPath = '/api/v1/projects/default/environments/production/flags/raced';

describe.each(targets)('concurrent writers on one flag on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
    const variants = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`v${i}`, i]));
    await t.api('POST', '/api/v1/projects/default/flags', { key: 'raced', variants });
  });
  afterAll(() => t?.stop());

  const auditCount = async () => {
    const audit = await t.api('GET', '/api/v1/audit?environment=production&flag=raced&limit=500');
    return audit.body.entries.filter((e: { action: string }) => e.action === 'flag-config.update').length;
  };

  it('applies or answers 412 to every If-Match write; versions and audit entries match the applied count', async () => {
    const writers = 20;
    const attempts = 5;
    const applied: string[] = [];
    let refused = 0;
    const unexpected: number[] = [];
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let a = 0; a < attempts; a++) {
          const current = await t.api('GET', configPath);
          const etag = current.headers.get('etag')!;
          const write = await t.api(
            'PATCH',
            configPath,
            { defaultVariant: `v${w}` },
            { headers: { 'if-match': etag } },
          );
          if (write.status === 200) applied.push(write.headers.get('etag')!);
          else if (write.status === 412) refused++;
          else unexpected.push(write.status);
        }
      }),
    );
    expect(unexpected).toEqual([]);
    expect(applied.length + refused).toBe(writers * attempts);
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length); // no two writes claimed the same version
    const final = await t.api('GET', configPath);
    expect(final.body.version).toBe(1 + applied.length);
    expect(await auditCount()).toBe(applied.length);
  });

  it('never loses an update between writers that send no If-Match', async () => {
    const before = (await t.api('GET', configPath)).body.version;
    const auditBefore = await auditCount();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => t.api('PATCH', configPath, { defaultVariant: `v${i % 20}` })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect((await t.api('GET', configPath)).body.version).toBe(before + 25);
    expect(await auditCount()).toBe(auditBefore + 25);
  });
});
