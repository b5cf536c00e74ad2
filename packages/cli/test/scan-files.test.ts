import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { runCli } from './support/run-cli.js';
import { TempDir } from './support/temp-dir.js';

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
  dir.write('flags.json', {
    flags: { 'known-flag': { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' } },
  });
});
afterEach(() => dir.remove());

function put(path: string, content: string | Buffer): void {
  mkdirSync(join(dir.path, path, '..'), { recursive: true });
  writeFileSync(join(dir.path, path), content);
}

const scanJson = async (...args: string[]) => {
  const run = await runCli(['scan', 'repo', '--flags', 'flags.json', '--format', 'json', ...args], dir.path);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { references: { flag: string; file: string; line: number }[] };
};

describe('which files switchyard scan reads', () => {
  it('scans 10,000 small files in a few seconds', async () => {
    for (let i = 0; i < 10_000; i++) {
      const subdirectory = `repo/module-${Math.floor(i / 100)}`;
      if (i % 100 === 0) mkdirSync(join(dir.path, subdirectory), { recursive: true });
      const call = i % 1000 === 0 ? `client.getBooleanValue('flag-${i}', false);\n` : '';
      writeFileSync(
        join(dir.path, subdirectory, `file-${i}.ts`),
        `import { thing } from './thing';\n// ${i}\nexport const value${i} = thing('known-flag-not', ${i});\n${call}`,
      );
    }
    const started = performance.now();
    const report = await scanJson();
    const seconds = (performance.now() - started) / 1000;
    expect(report.references).toHaveLength(10);
    expect(report.references[0]).toEqual({ flag: 'flag-0', file: 'module-0/file-0.ts', line: 4 });
    // Typically one to two seconds; the bound only catches a scan gone quadratic on a loaded machine.
    expect(seconds).toBeLessThan(60);
  }, 180_000);

  it('skips node_modules, .git, binary files and files over 1 MiB, and says so', async () => {
    const call = "client.getBooleanValue('known-flag', false);\n";
    put('repo/app.ts', call);
    put('repo/node_modules/lib/index.js', call);
    put('repo/packages/a/node_modules/lib/index.js', call);
    put('repo/.git/hooks/x.py', "client.get_boolean_value('known-flag', False)\n");
    put('repo/bundle.js', `${call}${'x'.repeat(1024 * 1024)}`);
    put('repo/image.ts', Buffer.concat([Buffer.from(call), Buffer.from([0, 1, 2, 3])]));
    put('repo/notes.txt', call);
    const report = await scanJson();
    expect(report.references).toEqual([{ flag: 'known-flag', file: 'app.ts', line: 1 }]);
    const text = await runCli(['scan', 'repo', '--flags', 'flags.json'], dir.path);
    expect(text.stdout).toMatch(/\n1 reference to 1 flag in 1 file \(skipped: 1 binary, 1 over 1 MiB\)\.\n$/);
  });

  it('applies the .gitignore files above the scanned directory in its work tree, and .git/info/exclude', async () => {
    const call = "client.getBooleanValue('known-flag', false);\n";
    put('.gitignore', 'build/\nrepo/local.ts\n');
    put('.git/info/exclude', 'scratch/\n');
    put('repo/app.ts', call);
    put('repo/build/out.js', call);
    put('repo/local.ts', call);
    put('repo/scratch/try.ts', call);
    put('repo/sub/.gitignore', '!local.ts\n/only-here.ts\n');
    put('repo/sub/local.ts', call);
    put('repo/sub/only-here.ts', call);
    put('repo/sub/deeper/only-here.ts', call);
    const report = await scanJson();
    expect(report.references.map((r) => r.file)).toEqual([
      'app.ts',
      'sub/deeper/only-here.ts',
      'sub/local.ts',
    ]);
  });

  it('shows progress on a terminal, on stderr only, and erases it', async () => {
    for (let i = 0; i < 50; i++) put(`repo/f${i}.ts`, `client.getBooleanValue('known-flag', false);\n`);
    let stdout = '';
    let stderr = '';
    const code = await main(['scan', 'repo', '--flags', 'flags.json', '--format', 'json'], {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk), isTTY: true },
      cwd: dir.path,
      env: {},
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).references).toHaveLength(50);
    expect(stderr).toContain('Scanning… 50 of 50 files');
    expect(stderr.endsWith('\r\x1b[2K')).toBe(true);
    // Not a terminal: nothing at all.
    const piped = await runCli(['scan', 'repo', '--flags', 'flags.json'], dir.path);
    expect(piped.stderr).toBe('');
  });
});
