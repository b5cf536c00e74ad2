import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { FIXTURE_REFERENCES, FIXTURE_UNKNOWN_TO_FLAG_FILE, SCAN_FIXTURE } from './support/scan-fixture.js';
import { createFlag, startTestServer, type TestServer } from './support/test-server.js';

const scan = (args: readonly string[], env: Record<string, string> = {}) =>
  runCli(['scan', ...args], SCAN_FIXTURE, env);

describe('switchyard scan on the fixture repository', () => {
  it('has the files the scan must skip (a lost ignored file would make the test pass for nothing)', () => {
    for (const file of ['repo/generated/client.ts', 'repo/web/debug.local.ts', 'repo/web/app.min.js']) {
      expect(existsSync(join(SCAN_FIXTURE, file)), file).toBe(true);
    }
    expect(readFileSync(join(SCAN_FIXTURE, 'repo/web/clip.ts')).includes(0)).toBe(true);
  });

  it('finds every reference in five languages, and only those, against a flag file', async () => {
    const run = await scan(['repo', '--flags', 'flags.json', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      references: FIXTURE_REFERENCES,
      unknownFlags: FIXTURE_UNKNOWN_TO_FLAG_FILE,
      unusedFlags: ['old-promo'],
    });
  });

  it('prints each flag with its places, then the unknown and the unused ones', async () => {
    const run = await scan(['repo', '--flags', 'flags.json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^banner-text: 3 references\n {2}services\/api\/main\.go:22\n/);
    expect(run.stdout).toContain('beta-banner (unknown): 1 reference\n  web/checkout.ts:13\n');
    expect(run.stdout).toContain(
      `\nUsed in code but unknown to flags.json (8):\n${FIXTURE_UNKNOWN_TO_FLAG_FILE.map((f) => `  ${f}\n`).join('')}`,
    );
    expect(run.stdout).toContain('\nIn flags.json but not used in code (1):\n  old-promo\n');
    expect(run.stdout).toMatch(/\n30 references to 15 flags in 7 files \(skipped: 1 binary\)\.\n$/);
  });

  it('--fail-on-unknown exits with 1 when code uses unknown keys, still printing the report', async () => {
    const run = await scan(['repo', '--flags', 'flags.json', '--format', 'json', '--fail-on-unknown']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).unknownFlags).toEqual(FIXTURE_UNKNOWN_TO_FLAG_FILE);
    const clean = await scan([
      'repo/web',
      '--flags',
      'flags.json',
      '--fail-on-unknown',
      '--exclude',
      'checkout*',
    ]);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
  });

  it('--exclude leaves out files by .gitignore patterns, over negations; several DIRs report paths from here', async () => {
    const run = await scan([
      'repo/web',
      'repo/services/api',
      '--flags',
      'flags.json',
      '--format',
      'json',
      '--exclude',
      '*.ts',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).references).toEqual([
      { flag: 'banner-text', file: 'repo/services/api/main.go', line: 22 },
      { flag: 'dark-mode', file: 'repo/web/promo.tsx', line: 5 },
      { flag: 'discount-rate', file: 'repo/services/api/main.go', line: 24 },
      { flag: 'discount-rate', file: 'repo/web/promo.tsx', line: 14 },
      { flag: 'go-only', file: 'repo/services/api/main.go', line: 25 },
      { flag: 'max-retries', file: 'repo/services/api/main.go', line: 18 },
      { flag: 'new-checkout', file: 'repo/services/api/main.go', line: 15 },
      { flag: 'summer-promo', file: 'repo/web/promo.tsx', line: 4 },
    ]);
  });
});

describe('switchyard scan against a server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    for (const key of ['new-checkout', 'dark-mode', 'max-retries', 'legacy-banner'])
      await createFlag(server, key);
  });
  afterAll(() => server?.close());

  it("compares the code with the project's flags on the server", async () => {
    const run = await scan(['repo', '--format', 'json'], server.env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    // The known keys are the server's now: 'search-v2', found only as a string equal to a known
    // key (a constant, a raw string), is no longer one; the evaluation calls are found as before.
    const known = new Set(['new-checkout', 'dark-mode', 'max-retries']);
    const calls = FIXTURE_REFERENCES.filter((r) => r.flag !== 'search-v2');
    expect(report).toEqual({
      references: calls,
      unknownFlags: [...new Set(calls.map((r) => r.flag))].filter((f) => !known.has(f)).sort(),
      unusedFlags: ['legacy-banner'],
    });
  });

  it('names the project in the text report; --project picks another one', async () => {
    const run = await scan(['repo'], server.env);
    expect(run.stdout).toContain('\nIn project "default" but not used in code (1):\n  legacy-banner\n');
    const missing = await scan(['repo', '--project', 'nope'], server.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('project "nope" does not exist (404 NOT_FOUND)');
  });

  it('needs a token without --flags, and reports an unreachable server', async () => {
    const none = await scan(['repo']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no admin token: set SWITCHYARD_TOKEN (or pass --token TOKEN)');
    const down = await scan(['repo'], { SWITCHYARD_URL: 'http://127.0.0.1:9', SWITCHYARD_TOKEN: 't' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach the Switchyard server at http://127.0.0.1:9');
  });
});

describe('switchyard scan usage errors', () => {
  it('suggests the option a misspelt one resembles (exit 2)', async () => {
    const run = await scan(['--fail-on-unknwon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "switchyard: error: unknown option '--fail-on-unknwon' (did you mean '--fail-on-unknown'?)\nRun 'switchyard scan --help' for usage.\n",
    );
    const upload = await scan(['--uplaod']);
    expect(upload.stderr).toContain("(did you mean '--upload'?)");
  });

  it('refuses upload options without --upload, --upload with several DIRs, and a bad --format', async () => {
    const commit = await scan(['--flags', 'flags.json', '--commit', 'abc']);
    expect(commit.code).toBe(2);
    expect(commit.stderr).toContain("option '--commit' names an upload: add --upload");
    const several = await scan(['repo/web', 'repo/services', '--upload', '--token', 't']);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('--upload sends the references of one repository: give one DIR, got 2');
    const format = await scan(['--format', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("option '--format' must be 'text' or 'json', got 'yaml'");
  });

  it('reports a DIR that is not a directory, and an unreadable flag file (exit 1)', async () => {
    const run = await scan(['missing', '--flags', 'flags.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('switchyard: error: cannot scan missing: no such directory\n');
    const flags = await scan(['repo', '--flags', 'nope.yaml']);
    expect(flags.code).toBe(1);
    expect(flags.stderr).toContain('nope.yaml: file not found');
  });

  it('is listed in the help', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout).toMatch(/\n {2}scan +Find the flag keys code uses/);
  });
});
