import { afterAll, describe, expect, it } from 'vitest';
import { flagdSamplesDir } from './support/flagd-samples.js';
import { runCli } from './support/run-cli.js';
import { TempDir } from './support/temp-dir.js';

const dir = new TempDir();
afterAll(() => dir.remove());

const validFlags = {
  flags: {
    banner: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
  },
};
const good = dir.write('good.json', validFlags);
const goodYaml = dir.write(
  'good.yaml',
  "flags:\n  banner:\n    state: ENABLED\n    variants:\n      'on': true\n      'off': false\n    defaultVariant: 'off'\n",
);
// Two independent problems: a default variant that does not exist and an unknown state.
const invalid = dir.write('invalid.json', {
  flags: {
    banner: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'maybe' },
    legacy: { state: 'SOMETIMES', variants: { a: 1 }, defaultVariant: 'a' },
  },
});
const badJson = dir.write(
  'bad.json',
  '{\n  "flags": {\n    "banner": { "state": "ENABLED" "variants": {} }\n  }\n}\n',
);
const badYaml = dir.write('bad.yml', 'flags:\n  banner:\n    state: ENABLED\n   variants: {}\n');

const validate = (...args: string[]) => runCli(['validate', ...args], dir.path);

describe('switchyard validate', () => {
  it('accepts valid JSON and YAML files: summary only, exit 0', async () => {
    const run = await validate(good, goodYaml);
    expect(run).toEqual({ code: 0, stdout: '2 files valid\n', stderr: '' });
  });

  it('prints every problem as FILE: PATH: MESSAGE and exits 1', async () => {
    const run = await validate(good, invalid);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const problems = lines.slice(0, -1);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    for (const line of problems) expect(line).toMatch(/^invalid\.json: \/flags\/(banner|legacy)(\/\S*)?: \S/);
    expect(problems.some((line) => line.startsWith('invalid.json: /flags/banner'))).toBe(true);
    expect(problems.some((line) => line.startsWith('invalid.json: /flags/legacy'))).toBe(true);
    expect(lines.at(-1)).toBe(`${problems.length} problems in 1 of 2 files`);
  });

  it('reports a JSON syntax error with line and column', async () => {
    const run = await validate(badJson);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `bad.json:3:36: invalid JSON: expected ',' or '}' after property value, found "\\""\n1 problem in 1 of 1 file\n`,
    );
  });

  it('reports a YAML syntax error with line and column', async () => {
    const run = await validate(badYaml);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^bad\.yml:4:\d+: invalid YAML: /);
  });

  it('reports a flag key repeated in a JSON file, which JSON.parse would silently drop', async () => {
    const file = dir.write(
      'duplicate.json',
      '{"flags": {\n  "banner": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"},\n  "banner": {"state": "DISABLED", "variants": {"on": true}, "defaultVariant": "on"}\n}}\n',
    );
    const run = await validate(file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'duplicate.json:3:3: duplicate key "banner" replaces the one at line 2, column 3\n1 problem in 1 of 1 file\n',
    );
  });

  it('reports a missing file and still checks the others', async () => {
    const run = await validate('missing.json', good);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('missing.json: file not found\n1 problem in 1 of 2 files\n');
  });

  it('--format json gives a machine-readable report', async () => {
    const run = await validate('--format', 'json', good, badJson, invalid);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.valid).toBe(false);
    expect(report.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid])).toEqual([
      ['good.json', true],
      ['bad.json', false],
      ['invalid.json', false],
    ]);
    expect(report.files[0].problems).toEqual([]);
    expect(report.files[1].problems).toEqual([
      { kind: 'syntax', message: expect.stringMatching(/^invalid JSON: /), line: 3, column: 36 },
    ]);
    for (const problem of report.files[2].problems) {
      expect(problem).toEqual({
        kind: 'flag-set',
        path: expect.stringMatching(/^\/flags\//),
        message: expect.any(String),
      });
    }
    expect(report.summary).toEqual({
      files: 3,
      invalidFiles: 2,
      problems: 1 + report.files[2].problems.length,
    });
  });

  it('--format json reports valid files as valid, exit 0', async () => {
    const run = await validate(good, '--format=json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      valid: true,
      summary: { files: 1, invalidFiles: 0, problems: 0 },
    });
  });

  it.each([
    [[], 'no files given: validate needs at least one FILE'],
    [['--format', 'xml', good], "option '--format' must be 'text' or 'json', got 'xml'"],
    [[good, '--format'], "option '--format' needs a value"],
  ])('%j is a usage error', async (args, message) => {
    const run = await validate(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`switchyard: error: ${message}\nRun 'switchyard validate --help' for usage.\n`);
  });

  const samples = flagdSamplesDir();
  it.skipIf(samples === null)("accepts flagd's own sample files (JSON and YAML)", async () => {
    const run = await runCli(
      [
        'validate',
        'example_flags.flagd.json',
        'example_flags.flagd.yaml',
        'example_flags_secondary.flagd.json',
      ],
      samples!,
    );
    expect(run).toEqual({ code: 0, stdout: '3 files valid\n', stderr: '' });
  });
});
