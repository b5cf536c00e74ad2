import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryNameOf } from '../src/scan/git-info.js';
import { FIXTURE_REFERENCES, SCAN_FIXTURE } from './support/scan-fixture.js';
import { TempDir } from './support/temp-dir.js';
import { createFlag, startTestServer, type TestServer } from './support/test-server.js';

interface CodeReferences {
  repositories: { repository: string; commit: string; branch: string | null; references: number }[];
  references: { flag: string; repository: string; file: string; line: number }[];
}

/** A git repository holding a copy of the fixture, committed on `main`, cloned from a URL with a password. */
function fixtureRepository(dir: TempDir): { path: string; head: string } {
  const path = join(dir.path, 'shop');
  cpSync(join(SCAN_FIXTURE, 'repo'), path, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
      cwd: path,
      encoding: 'utf8',
    }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('remote', 'add', 'origin', 'https://ci-bot:s3cret@github.com/acme/shop.git');
  git('add', '--all');
  git('commit', '--quiet', '--message', 'the shop');
  return { path, head: git('rev-parse', 'HEAD') };
}

describe('switchyard scan --upload', () => {
  let server: TestServer;
  let dir: TempDir;
  let repo: { path: string; head: string };
  beforeAll(async () => {
    server = await startTestServer();
    dir = new TempDir();
    repo = fixtureRepository(dir);
    for (const key of ['new-checkout', 'dark-mode', 'search-v2', 'max-retries'])
      await createFlag(server, key);
  });
  afterAll(async () => {
    await server?.close();
    dir?.remove();
  });

  it('sends the references with the commit and branch git reports, and they can be read back', async () => {
    const run = await server.cli(['scan', '--upload', '--format', 'json'], repo.path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.references).toEqual(FIXTURE_REFERENCES);
    expect(report.upload).toEqual({
      project: 'default',
      // The origin URL without its scheme, credentials or .git: the same however it was cloned.
      repository: 'github.com/acme/shop',
      commit: repo.head,
      branch: 'main',
      uploadedAt: expect.any(String),
      uploadedBy: 'SWITCHYARD_ADMIN_TOKEN',
      references: FIXTURE_REFERENCES.length,
      flags: new Set(FIXTURE_REFERENCES.map((r) => r.flag)).size,
    });

    const stored = await server.api<CodeReferences>('GET', '/projects/default/code-references');
    expect(stored.references).toEqual(
      FIXTURE_REFERENCES.map((r) => ({ ...r, repository: 'github.com/acme/shop' })),
    );
    expect(stored.repositories).toMatchObject([
      { repository: 'github.com/acme/shop', commit: repo.head, branch: 'main', references: 30 },
    ]);
    const flag = await server.api<{ codeReferences: unknown }>('GET', '/projects/default/flags/new-checkout');
    expect(flag.codeReferences).toEqual({
      references: 3,
      repositories: 1,
      lastUploadedAt: report.upload.uploadedAt,
    });
  });

  it('is audited as a change, with the flags the repository uses', async () => {
    const audit = await server.api<{ entries: Record<string, unknown>[] }>(
      'GET',
      '/audit?project=default&limit=1',
    );
    expect(audit.entries[0]).toMatchObject({
      action: 'code-references.upload',
      resource: 'projects/default/code-references/github.com/acme/shop',
      actor: { name: 'SWITCHYARD_ADMIN_TOKEN' },
      after: {
        repository: 'github.com/acme/shop',
        commit: repo.head,
        branch: 'main',
        references: 30,
        flags: [...new Set(FIXTURE_REFERENCES.map((r) => r.flag))].sort(),
      },
    });
  });

  it("uploads a subdirectory's references with their paths in the repository, replacing the last upload", async () => {
    const run = await server.cli(['scan', 'web', '--upload', '--format', 'json'], repo.path);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    // The report's paths are the scanned directory's; the uploaded ones are the repository's.
    expect(report.references).toContainEqual({ flag: 'summer-promo', file: 'promo.tsx', line: 4 });
    const stored = await server.api<CodeReferences>(
      'GET',
      '/projects/default/code-references?flag=summer-promo',
    );
    expect(stored.references).toEqual([
      { flag: 'summer-promo', repository: 'github.com/acme/shop', file: 'web/promo.tsx', line: 4 },
    ]);
    const all = await server.api<CodeReferences>('GET', '/projects/default/code-references');
    expect(all.references.every((r) => r.file.startsWith('web/'))).toBe(true);
  });

  it('takes --repository, --commit and --branch over what git says, and prints what it sent', async () => {
    const run = await server.cli(
      [
        'scan',
        'services',
        '--upload',
        '--repository',
        'shop-services',
        '--commit',
        'abc123',
        '--branch',
        'release/2',
      ],
      repo.path,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const count = FIXTURE_REFERENCES.filter((r) => r.file.startsWith('services/')).length;
    expect(run.stdout).toMatch(
      new RegExp(
        `\\nUploaded ${count} references of repository shop-services at abc123 \\(release/2\\) to project "default"\\.\\n$`,
      ),
    );
    const stored = await server.api<CodeReferences>(
      'GET',
      '/projects/default/code-references?repository=shop-services',
    );
    expect(stored.repositories).toMatchObject([{ commit: 'abc123', branch: 'release/2', references: count }]);
    expect(stored.references[0]?.file).toMatch(/^services\//);
  });

  it('outside git, needs --commit and names the repository after the directory', async () => {
    const plain = new TempDir();
    try {
      plain.write('app.ts', "client.getBooleanValue('dark-mode', false);\n");
      const missing = await server.cli(['scan', '--upload'], plain.path);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('is not in a git repository with commits, so pass --commit');
      const run = await server.cli(
        ['scan', '--upload', '--commit', 'v1.2.3', '--format', 'json'],
        plain.path,
      );
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).upload).toMatchObject({
        repository: plain.path.split('/').at(-1),
        commit: 'v1.2.3',
        branch: null,
        references: 1,
      });
    } finally {
      plain.remove();
    }
  });

  it('reports a refusal of the server (exit 1)', async () => {
    const viewer = await server.api<{ token: string }>('POST', '/admin-tokens', {
      name: 'reader',
      role: 'viewer',
    });
    const run = await server.cli(['scan', '--upload', '--token', viewer.token], repo.path);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(403 FORBIDDEN)');
  });
});

describe('repository names from origin URLs', () => {
  it.each([
    ['https://github.com/acme/shop.git', 'github.com/acme/shop'],
    ['https://ci-bot:s3cret@github.com/acme/shop.git', 'github.com/acme/shop'],
    ['git@github.com:acme/shop.git', 'github.com/acme/shop'],
    ['ssh://git@gitlab.example.com:2222/group/sub/shop.git', 'gitlab.example.com/group/sub/shop'],
    ['https://dev.azure.com/acme/Shop/_git/shop', 'dev.azure.com/acme/Shop/_git/shop'],
    ['/srv/git/shop.git', '/srv/git/shop'],
  ])('%s names %s', (origin, name) => {
    expect(repositoryNameOf(origin)).toBe(name);
  });
});
