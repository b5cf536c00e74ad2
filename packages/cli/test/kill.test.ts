import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlag, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const kill = (...args: string[]) => server.cli(['kill', ...args]);

describe('switchyard kill', () => {
  it('serves the safe variant to everyone and says what every SDK now serves', async () => {
    await createFlag(server, 'checkout');
    await server.api('PUT', '/projects/default/environments/production/flags/checkout', {
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: { if: [{ in: [{ var: 'plan' }, ['pro']] }, 'on', 'off'] },
    });
    const run = await kill(
      '--environment',
      'production',
      '--flag',
      'checkout',
      '--reason',
      'checkout errors, INC-431',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Killed checkout in production \(project default\): every SDK now serves "off" \(false\)\.\n {2}reason {3}checkout errors, INC-431\n {2}version {2}\d+ \(at \S+\)\n$/,
    );
    const config = await server.api('GET', '/projects/default/environments/production/flags/checkout');
    expect(config).toMatchObject({ state: 'ENABLED', defaultVariant: 'off', targeting: null });
    const audit = await server.api<{ entries: { action: string; reason: string | null }[] }>(
      'GET',
      '/audit?flag=checkout',
    );
    expect(audit.entries.find((entry) => entry.action === 'flag.kill')?.reason).toBe(
      'checkout errors, INC-431',
    );
  });

  it("--format json prints the server's answer; the flag's own safe variant is served", async () => {
    await createFlag(server, 'theme', {
      variants: { dark: 'dark', light: 'light', legacy: 'legacy' },
      safeVariant: 'legacy',
    });
    const run = await kill('--environment', 'development', '--flag', 'theme', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      project: 'default',
      environment: 'development',
      flag: 'theme',
      state: 'ENABLED',
      defaultVariant: 'legacy',
      safeVariant: 'legacy',
      reason: 'killed by SWITCHYARD_ADMIN_TOKEN',
    });
    const text = await kill('--environment', 'development', '--flag', 'theme');
    expect(text.stdout).toContain('every SDK now serves "legacy" ("legacy").\n');
  });

  it('ends a running rollout of the flag rolled back', async () => {
    await createFlag(server, 'ramped');
    const start = await server.cli([
      'rollout',
      'start',
      '--environment',
      'production',
      '--flag',
      'ramped',
      '--variant',
      'on',
      '--control',
      'off',
      '--schedule',
      'linear start=10 step=10 interval=1h',
      '--no-guardrails',
      '--format',
      'json',
    ]);
    const { id } = JSON.parse(start.stdout);
    expect((await kill('--environment', 'production', '--flag', 'ramped', '--reason', 'INC-9')).code).toBe(0);
    const status = await server.cli([
      'rollout',
      'status',
      '--environment',
      'production',
      id,
      '--format',
      'json',
    ]);
    expect(JSON.parse(status.stdout)).toMatchObject({
      status: 'rolled-back',
      reason: 'the flag was killed: INC-9',
    });
  });

  it("reports an unknown flag as the server's 404 (exit 1)", async () => {
    const run = await kill('--environment', 'production', '--flag', 'nope');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^switchyard: error: .*"nope".* \(404 NOT_FOUND\)\n$/);
  });

  it.each([
    [['--environment', 'production'], "option '--flag FLAG' is required"],
    [['--flag', 'x'], "option '--environment ENV' is required"],
    [
      ['--environment', 'production', '--flag', 'x', '--falg', 'y'],
      "unknown option '--falg' (did you mean '--flag'?)",
    ],
    [['--environment', 'production', '--flag', 'x', 'extra'], "unexpected argument 'extra'"],
    [['--environment', 'production', '--flag', ''], "option '--flag' needs a non-empty value"],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    expect(await kill(...args)).toEqual({
      code: 2,
      stdout: '',
      stderr: `switchyard: error: ${message}\nRun 'switchyard kill --help' for usage.\n`,
    });
  });
});
