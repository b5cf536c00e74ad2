import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlag, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await createFlag(server, 'old-banner', { owner: 'web' });
  await createFlag(server, 'checkout');
  // A scan that found only "checkout": "old-banner" has no code references, a stale flag.
  await server.api('POST', '/projects/default/code-references', {
    repository: 'github.com/acme/shop',
    commit: 'c0ffee',
    references: [{ flag: 'checkout', file: 'src/cart.ts', line: 4 }],
  });
});
afterAll(() => server?.close());

describe('switchyard flags stale', () => {
  it('lists stale flags with their reasons', async () => {
    const run = await server.cli(['flags', 'stale']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^1 stale flag in project default:\n\nold-banner \(release, owner web\)\n {2}- no-code-references: no code references it \(as of the latest code-reference upload, \S+\)\n$/,
    );
  });

  it('--format json prints each flag with its stage and reasons', async () => {
    const run = await server.cli(['flags', 'stale', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      project: 'default',
      flags: [
        {
          key: 'old-banner',
          kind: 'release',
          owner: 'web',
          stage: 'stale',
          reasons: [{ code: 'no-code-references', message: expect.any(String), since: expect.any(String) }],
        },
      ],
    });
  });

  it('refuses unknown subcommands and formats, suggesting the right one', async () => {
    const typo = await server.cli(['flags', 'stael']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown flags command 'stael'");
    expect(typo.stderr).toContain('stale');
    const format = await server.cli(['flags', 'stale', '--format', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("option '--format' must be 'text' or 'json'");
  });
});

describe('switchyard flag archive|restore', () => {
  it('archives a flag (hidden from the list, served nowhere) and restores it', async () => {
    const archived = await server.cli(['flag', 'archive', 'old-banner', '--reason', 'launched in March']);
    expect(archived.stderr).toBe('');
    expect(archived.code).toBe(0);
    expect(archived.stdout).toMatch(
      /^Archived old-banner \(project default\): served nowhere until restored \(version \d+\)\.\n$/,
    );
    const listed = await server.api<{ flags: { key: string }[] }>('GET', '/projects/default/flags');
    expect(listed.flags.map((f) => f.key)).toEqual(['checkout']);
    const audit = await server.api<{ entries: { action: string; reason: string | null }[] }>(
      'GET',
      '/audit?flag=old-banner',
    );
    expect(audit.entries[0]).toMatchObject({ action: 'flag.archive', reason: 'launched in March' });

    const again = await server.cli(['flag', 'archive', 'old-banner']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already archived');

    const restored = await server.cli(['flag', 'restore', 'old-banner', '--format', 'json']);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ key: 'old-banner', archivedAt: null });
  });

  it('needs exactly one KEY and a known verb', async () => {
    expect((await server.cli(['flag', 'archive'])).stderr).toContain('the flag KEY is required');
    const typo = await server.cli(['flag', 'archiv', 'x']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('archive');
    const missing = await server.cli(['flag', 'restore', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });
});
