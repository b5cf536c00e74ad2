import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines } from './support/run-cli.js';
import { TempDir } from './support/temp-dir.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/switchyard.js', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const servePresent = existsSync(new URL('../src/commands/serve.ts', import.meta.url));

interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; a non-zero exit is a result, not a failure. */
function execCapture(file: string, args: readonly string[], cwd: string): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

const runBin = (args: readonly string[], cwd: string) => execCapture(process.execPath, [bin, ...args], cwd);

const dir = new TempDir();
const flags = dir.write('flags.json', {
  flags: {
    beta: {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: { if: [{ in: ['@example.com', { var: 'email' }] }, 'on', 'off'] },
    },
  },
});

beforeAll(async () => {
  // Incremental: a no-op (about a second) when dist is current, a rebuild of cli (and core) when stale.
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-b', 'packages/cli'],
      { cwd: repoRoot },
      (error, stdout) => (error ? reject(new Error(`tsc -b packages/cli failed:\n${stdout}`)) : resolve()),
    );
  });
}, 120_000);
afterAll(() => dir.remove());

describe('the switchyard binary', () => {
  it('prints its version', async () => {
    expect(await runBin(['--version'], dir.path)).toEqual({
      code: 0,
      stdout: `switchyard ${version}\n`,
      stderr: '',
    });
  });

  it('evaluates contexts from a JSON Lines file', async () => {
    const contexts = dir.write(
      'contexts.jsonl',
      '{"targetingKey":"a","email":"a@example.com"}\n{"targetingKey":"b"}\n',
    );
    const run = await runBin(['eval', '--flags', flags, '--contexts', contexts], dir.path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).map((r) => [r.targetingKey, r.value])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('sets exit code 1 when validate finds problems', async () => {
    const bad = dir.write('bad.json', '{"flags": {"x": ]}');
    const run = await runBin(['validate', flags, bad], dir.path);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'bad.json:1:17: invalid JSON: unexpected "]", expected a value\n1 problem in 1 of 2 files\n',
    );
  });

  it('sets exit code 2 on a usage error', async () => {
    const run = await runBin(['eval', '--flags', flags, '--context', '{nope}'], dir.path);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^switchyard: error: option '--context': invalid JSON: /);
  });

  it('plans a sample size without a server', async () => {
    const run = await runBin(
      ['stats', 'sample-size', '--baseline', '5%', '--mde', '10%', '--format', 'json'],
      dir.path,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ perVariant: 31231, total: 62462 });
  });

  it('sets exit code 2 when a sample-size option is out of range', async () => {
    const run = await runBin(['stats', 'sample-size', '--baseline', '5', '--mde', '0.1'], dir.path);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^switchyard: error: option '--baseline' must be between 0 and 1 \(exclusive\)/,
    );
  });

  it.skipIf(servePresent)('lists serve but reports it unavailable while its module is absent', async () => {
    const run = await runBin(['serve'], dir.path);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the 'serve' command is not available in this build");
  });

  it('stops quietly when the reader closes the pipe early', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ targetingKey: `user-${i}` }),
    ).join('\n');
    const many = dir.write('many.jsonl', lines);
    const child = spawn(process.execPath, [bin, 'eval', '--flags', flags, '--contexts', many], {
      cwd: dir.path,
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('npx switchyard from the repository root', () => {
  it('runs the workspace binary', async () => {
    const run = await execCapture(
      'npx',
      ['--no-install', 'switchyard', 'validate', '--format', 'json', join(dir.path, flags)],
      repoRoot,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, summary: { files: 1 } });
  });
});
