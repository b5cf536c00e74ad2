import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCommandModule } from '../src/commands/registry.js';
import { CommandUnavailableError } from '../src/errors.js';
import { runCli } from './support/run-cli.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('switchyard (dispatch)', () => {
  it('--help lists every command, including serve, and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const name of [
      'serve',
      'validate',
      'eval',
      'rollout',
      'kill',
      'export',
      'diff',
      'apply',
      'stats',
      'help',
    ])
      expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(run.stderr).toBe('');
  });

  it('without arguments prints the help on stderr and exits 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage:');
    expect(run.stdout).toBe('');
  });

  it('--version prints the package version', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `switchyard ${version}\n`, stderr: '' });
  });

  it.each([[['help', 'eval']], [['eval', '--help']], [['eval', '--flags', 'x.json', '-h']]])(
    '%j prints the eval help',
    async (argv) => {
      const run = await runCli(argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage:\n {2}switchyard eval --flags FILE/);
    },
  );

  it('help validate prints the validate help', async () => {
    const run = await runCli(['help', 'validate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('switchyard validate [--format text|json] FILE...');
  });

  it.each([
    [['help', 'rollout', 'start'], /^Usage:\n {2}switchyard rollout start --environment ENV/],
    [['rollout', 'start', '--help'], /^Usage:\n {2}switchyard rollout start --environment ENV/],
    [['rollout', 'status', '--environment', 'x', '-h'], /^Usage:\n {2}switchyard rollout status/],
    [['help', 'rollout', 'rollback'], /^Usage:\n {2}switchyard rollout rollback/],
    [['rollout', '--help'], /^Usage:\n {2}switchyard rollout start {4}/],
    [['help', 'rollout'], /^Usage:\n {2}switchyard rollout start {4}/],
    [['help', 'kill'], /^Usage:\n {2}switchyard kill --environment ENV --flag FLAG/],
  ])('%j prints the help of that (sub)command', async (argv, help) => {
    const run = await runCli(argv);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(help);
  });

  it('rollout without a subcommand prints its help on stderr and exits 2', async () => {
    const run = await runCli(['rollout']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Usage:\n {2}switchyard rollout start/);
  });

  it('help takes one subcommand at most', async () => {
    const run = await runCli(['help', 'rollout', 'start', 'now']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'help' takes one command name, got 3 arguments");
  });

  it('an unknown command is named, with a suggestion, exit 2', async () => {
    const run = await runCli(['evl', '--flags', 'x.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "switchyard: error: unknown command 'evl' (did you mean 'eval'?)\nRun 'switchyard --help' for usage.\n",
    );
  });

  it('help takes a single command name', async () => {
    const run = await runCli(['help', 'eval', 'validate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'help' takes one command name, got 2 arguments");
  });

  it('help for an unknown command is a usage error', async () => {
    const run = await runCli(['help', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'nope'");
  });

  it('an unknown global option is named, exit 2', async () => {
    const run = await runCli(['--verbose', 'eval']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("switchyard: error: unknown option '--verbose'");
  });

  it('an unknown command option names the option and the command help', async () => {
    const run = await runCli(['validate', '--pedantic', 'a.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "switchyard: error: unknown option '--pedantic'\nRun 'switchyard validate --help' for usage.\n",
    );
  });
});

describe('loadCommandModule', () => {
  // Not a literal, so neither TypeScript nor the bundler tries to resolve it ahead of the test.
  const absentModule = './fixtures/does-not-exist/nothing.js';

  it('loads a module through a non-literal specifier (how serve is loaded)', async () => {
    const helloModule = './fixtures/hello-command.js';
    const command = await loadCommandModule('hello', () => import(helloModule));
    expect(command.name).toBe('hello');
    expect(command.help).toBe('Usage: switchyard hello\n');
  });

  it('treats only the missing command module itself as unavailable', async () => {
    await expect(loadCommandModule('nothing', () => import(absentModule))).rejects.toThrow(
      CommandUnavailableError,
    );
  });

  it('rethrows a module that exists but cannot load one of its own imports', async () => {
    const error = await loadCommandModule('broken', () => import('./fixtures/broken.js')).catch(
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(CommandUnavailableError);
    expect(error).toMatchObject({ message: expect.stringContaining('no-such-package-for-switchyard-tests') });
  });

  it('rejects a module without a command export', async () => {
    await expect(loadCommandModule('empty', async () => ({}))).rejects.toThrow(
      "command module 'empty' does not export a 'command'",
    );
  });
});
