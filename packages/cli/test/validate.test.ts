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

  describe('warnings', () => {
    const misspelt = dir.write('misspelt.json', {
      flags: {
        banner: {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defualtVariant: 'off',
          targetting: {},
        },
      },
      owner: 'web',
    });

    it('reports properties the flagd format does not define as warnings, with the name they resemble: exit 0', async () => {
      const run = await validate(misspelt, good);
      expect(run).toEqual({
        code: 0,
        stdout: [
          'misspelt.json: /owner: warning: unknown property "owner"',
          'misspelt.json: /flags/banner/defualtVariant: warning: unknown property "defualtVariant"; did you mean "defaultVariant"?',
          'misspelt.json: /flags/banner/targetting: warning: unknown property "targetting"; did you mean "targeting"?',
          '2 files valid, 3 warnings',
          '',
        ].join('\n'),
        stderr: '',
      });
    });

    it('marks them "severity": "warning" in the JSON format, where the file stays valid', async () => {
      const run = await validate('--format', 'json', misspelt);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.valid).toBe(true);
      expect(report.files[0].valid).toBe(true);
      expect(report.files[0].problems[1]).toEqual({
        kind: 'unknown-field',
        severity: 'warning',
        path: '/flags/banner/defualtVariant',
        message: 'unknown property "defualtVariant"; did you mean "defaultVariant"?',
      });
      expect(report.summary).toEqual({ files: 1, invalidFiles: 0, problems: 0, warnings: 3 });
    });

    it('--strict reports them as errors: exit 1', async () => {
      const text = await validate('--strict', misspelt);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(
        'misspelt.json: /flags/banner/targetting: unknown property "targetting"; did you mean "targeting"?\n',
      );
      expect(text.stdout).not.toContain('warning');
      expect(text.stdout).toMatch(/\n3 problems in 1 of 1 file\n$/);
      const json = JSON.parse((await validate('--strict', '--format', 'json', misspelt)).stdout);
      expect(json.valid).toBe(false);
      expect(json.files[0].problems[2]).toEqual({
        kind: 'unknown-field',
        path: '/flags/banner/targetting',
        message: 'unknown property "targetting"; did you mean "targeting"?',
      });
    });

    it('reports every problem of a file with unknown top-level keys, errors and warnings alike', async () => {
      const file = dir.write(
        'everything.json',
        `{
  "flagz": {},
  "metadata": {"version": 2},
  "flags": {
    "a": {"state": "ON", "variants": {"x": 1}, "defaultVariant": "y", "Targeting": {}},
    "a": {"state": "ENABLED", "variants": {"x": 1}, "defaultVariant": "z", "metdata": {}}
  }
}`,
      );
      const run = await validate(file);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        [
          'everything.json:6:5: duplicate key "a" replaces the one at line 5, column 5',
          'everything.json: /metadata/version: must be a string',
          `everything.json: /flags/a/defaultVariant: "z" is not one of the flag's variants`,
          'everything.json: /flagz: warning: unknown property "flagz"; did you mean "flags"?',
          'everything.json: /flags/a/metdata: warning: unknown property "metdata"; did you mean "metadata"?',
          '3 problems in 1 of 1 file, 2 warnings',
          '',
        ].join('\n'),
      );
    });

    it('reports a file that is not a flag set together with its other problems', async () => {
      const file = dir.write('not-a-set.yaml', 'flag:\n  a: {}\nmetadata: [1]\n');
      const run = await validate('--format', 'json', file);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).files[0].problems).toEqual([
        { kind: 'shape', path: '/flags', message: 'is required' },
        { kind: 'flag-set', path: '/metadata', message: expect.stringMatching(/must be an object/) },
        {
          kind: 'unknown-field',
          severity: 'warning',
          path: '/flag',
          message: 'unknown property "flag"; did you mean "flags"?',
        },
      ]);
    });

    describe('several files, combined as eval --flags and serve --flags combine them', () => {
      const evaluators = dir.write('evaluators.json', {
        flags: {},
        $evaluators: { staff: { ends_with: [{ var: 'email' }, '@example.com'] } },
      });
      const refs = dir.write('refs.json', {
        flags: {
          beta: {
            state: 'ENABLED',
            variants: { on: true, off: false },
            defaultVariant: 'off',
            targeting: { if: [{ $ref: 'staff' }, 'on', 'ghost'] },
          },
        },
      });

      it('alone, a $ref to an evaluator the file lacks is an error', async () => {
        const run = await validate(refs);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
          'refs.json: /flags/beta/targeting/if/0: unknown evaluator reference "staff"',
        );
      });

      it("with the file defining it, it is a warning, and the rest is checked with that file's evaluator", async () => {
        const run = await validate(evaluators, refs);
        expect(run.code).toBe(1);
        expect(run.stdout).toBe(
          [
            'refs.json: /flags/beta/targeting/if/2: targeting can return "ghost", which is not one of the variants of "beta"',
            'refs.json: /flags/beta/targeting/if/0: warning: $ref "staff" is not defined in this file and uses the evaluator of evaluators.json (flagd, loading the files as separate sources, answers PARSE_ERROR)',
            '1 problem in 1 of 2 files, 1 warning',
            '',
          ].join('\n'),
        );
      });
    });
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
