import { afterAll, describe, expect, it } from 'vitest';
import { flagdSamplesDir } from './support/flagd-samples.js';
import { jsonLines, runCli } from './support/run-cli.js';
import { TempDir } from './support/temp-dir.js';

const dir = new TempDir();
afterAll(() => dir.remove());

// Bucketing facts from flagd's testbed (see peers/flagd-compat-notes.md §1.5): the key
// "fractional-flagjack" hashes to 2682799072, bucket 62 of 100, which is "hearts".
const flags = dir.write('flags.json', {
  metadata: { team: 'web' },
  flags: {
    'fractional-flag': {
      state: 'ENABLED',
      variants: { clubs: 'clubs', diamonds: 'diamonds', hearts: 'hearts', spades: 'spades' },
      defaultVariant: 'clubs',
      targeting: {
        fractional: [
          { cat: [{ var: '$flagd.flagKey' }, { var: 'user.name' }] },
          ['clubs', 25],
          ['diamonds', 25],
          ['hearts', 25],
          ['spades', 25],
        ],
      },
    },
    beta: {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: { if: [{ ends_with: [{ var: 'email' }, '@example.com'] }, 'on', 'off'] },
      metadata: { owner: 'growth' },
    },
    retired: { state: 'DISABLED', variants: { on: true }, defaultVariant: 'on' },
  },
});
const override = dir.write(
  'override.yaml',
  "flags:\n  beta:\n    state: ENABLED\n    variants:\n      'on': true\n      'off': false\n    defaultVariant: 'on'\n",
);
const contexts = dir.write(
  'contexts.jsonl',
  '{"targetingKey":"u1","email":"ann@example.com"}\n\n   \n{"targetingKey":"u2","email":"bob@other.org"}\n',
);

const evaluate = (...args: string[]) => runCli(['eval', ...args], dir.path);

describe('switchyard eval', () => {
  it('prints one JSON object per flag with the resolution details', async () => {
    const run = await evaluate(
      '--flags',
      flags,
      '--flag',
      'beta',
      '--context',
      '{"targetingKey":"u1","email":"ann@example.com"}',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(jsonLines(run.stdout)).toEqual([
      {
        flag: 'beta',
        targetingKey: 'u1',
        value: true,
        variant: 'on',
        reason: 'TARGETING_MATCH',
        flagMetadata: { team: 'web', owner: 'growth' },
      },
    ]);
  });

  it('evaluates every flag, disabled ones included, when --flag is absent', async () => {
    const run = await evaluate('--flags', flags, '--context', '{"user":{"name":"jack"}}');
    expect(run.code).toBe(0);
    const records = jsonLines(run.stdout);
    expect(records.map((r) => r.flag)).toEqual(['fractional-flag', 'beta', 'retired']);
    expect(records[0]).toMatchObject({
      targetingKey: null,
      value: 'hearts',
      variant: 'hearts',
      reason: 'TARGETING_MATCH',
    });
    expect(records[1]).toMatchObject({ value: false, variant: 'off', reason: 'TARGETING_MATCH' });
    // A disabled flag has no value: the caller's default applies.
    expect(records[2]).toEqual({
      flag: 'retired',
      targetingKey: null,
      reason: 'DISABLED',
      flagMetadata: { team: 'web' },
    });
  });

  it('evaluates with the empty context when neither --context nor --contexts is given', async () => {
    const run = await evaluate('--flags', flags, '--flag', 'beta');
    expect(jsonLines(run.stdout)).toEqual([
      expect.objectContaining({ flag: 'beta', targetingKey: null, variant: 'off' }),
    ]);
  });

  it('reads contexts from JSON Lines, skipping blank lines', async () => {
    const run = await evaluate(
      '--flags',
      flags,
      '--flag',
      'beta',
      '--flag',
      'retired',
      '--contexts',
      contexts,
    );
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).map((r) => [r.flag, r.targetingKey, r.variant ?? null])).toEqual([
      ['beta', 'u1', 'on'],
      ['retired', 'u1', null],
      ['beta', 'u2', 'off'],
      ['retired', 'u2', null],
    ]);
  });

  it('reports a bad JSON Lines record with its line number, evaluates the rest, exits 1', async () => {
    const file = dir.write(
      'mixed.jsonl',
      '{"targetingKey":"a"}\n{"targetingKey": }\n[1,2]\n\n{"targetingKey":"b"}\n',
    );
    const run = await evaluate('--flags', flags, '--flag', 'beta', '--contexts', file);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout).map((r) => r.targetingKey)).toEqual(['a', 'b']);
    expect(run.stderr).toBe(
      [
        'mixed.jsonl:2:18: invalid JSON: unexpected "}", expected a value',
        'mixed.jsonl:3:1: an evaluation context must be a JSON object, got an array',
        'switchyard: error: 2 invalid lines in mixed.jsonl (2 contexts evaluated)',
        '',
      ].join('\n'),
    );
  });

  it('combines several --flags files as flagd combines sources: the last definition wins', async () => {
    const later = await evaluate(
      '--flags',
      flags,
      '--flags',
      override,
      '--context',
      '{"email":"x@other.org"}',
    );
    const records = jsonLines(later.stdout);
    expect(records.map((r) => r.flag)).toEqual(['fractional-flag', 'beta', 'retired']);
    // override.yaml's beta has no targeting and no metadata: STATIC "on", without flags.json's set metadata.
    expect(records[1]).toEqual({
      flag: 'beta',
      targetingKey: null,
      value: true,
      variant: 'on',
      reason: 'STATIC',
      flagMetadata: {},
    });

    const earlier = await evaluate(
      '--flags',
      override,
      '--flags',
      flags,
      '--flag',
      'beta',
      '--context',
      '{"email":"x@other.org"}',
    );
    expect(jsonLines(earlier.stdout)).toEqual([
      expect.objectContaining({ flag: 'beta', variant: 'off', reason: 'TARGETING_MATCH' }),
    ]);
  });

  it('--explain adds the steps, including the fractional bucketing facts', async () => {
    const run = await evaluate(
      '--flags',
      flags,
      '--flag',
      'fractional-flag',
      '--explain',
      '--context',
      '{"user":{"name":"jack"}}',
    );
    expect(run.code).toBe(0);
    const [record] = jsonLines(run.stdout);
    expect(record).toMatchObject({ flag: 'fractional-flag', variant: 'hearts', reason: 'TARGETING_MATCH' });
    const steps = record!.steps as { kind: string; path: string; data?: Record<string, unknown> }[];
    const fractional = steps.find((step) => step.kind === 'fractional');
    expect(fractional?.path).toMatch(/^\/targeting/);
    expect(fractional?.data).toMatchObject({
      bucketingKey: 'fractional-flagjack',
      hash: 2682799072,
      totalWeight: 100,
      variant: 'hearts',
    });
  });

  it('--explain --format text gives a readable account of the rule that matched and the bucket', async () => {
    const run = await evaluate(
      '--flags',
      flags,
      '--explain',
      '--format',
      'text',
      '--context',
      '{"targetingKey":"t1","user":{"name":"jack"},"email":"ann@example.com"}',
    );
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toContain(
      'fractional-flag [targetingKey "t1"]: "hearts" (variant hearts, reason TARGETING_MATCH)\n',
    );
    expect(text).toContain('"fractional-flagjack"');
    expect(text).toContain('hash 2682799072 × total weight 100 >> 32 = 62 in [0, 100) → "hearts"');
    expect(text).toContain('beta [targetingKey "t1"]: true (variant on, reason TARGETING_MATCH)\n');
    expect(text).toMatch(/ {2}1\. \/targeting\/if\/0 \(condition\) /);
    expect(text).toContain('retired [targetingKey "t1"]: no value (reason DISABLED)\n');
    expect(text).toMatch(/ {2}1\. \/state \(state\) /);
  });

  it('--format text without --explain prints one line per result, with the context line number', async () => {
    const run = await evaluate(
      '--flags',
      flags,
      '--flag',
      'beta',
      '--format',
      'text',
      '--contexts',
      contexts,
    );
    expect(run.stdout).toBe(
      'beta [line 1, targetingKey "u1"]: true (variant on, reason TARGETING_MATCH)\n' +
        'beta [line 4, targetingKey "u2"]: false (variant off, reason TARGETING_MATCH)\n',
    );
  });

  it('reports evaluation errors in the result, not as a failure of the command', async () => {
    const file = dir.write('parse-error.json', {
      flags: {
        odd: {
          state: 'ENABLED',
          variants: { a: 1 },
          defaultVariant: 'a',
          targeting: { no_such_operator: [1] },
        },
      },
    });
    const json = await evaluate('--flags', file);
    expect(json.code).toBe(0);
    expect(jsonLines(json.stdout)).toEqual([
      expect.objectContaining({
        flag: 'odd',
        reason: 'ERROR',
        errorCode: 'PARSE_ERROR',
        errorMessage: expect.any(String),
      }),
    ]);
    const text = await evaluate('--flags', file, '--format', 'text');
    expect(text.stdout).toMatch(
      /^odd \[no targetingKey\]: no value \(reason ERROR\)\n {2}error PARSE_ERROR: \S/,
    );
  });

  it('warns about a contexts file without any context', async () => {
    const empty = dir.write('empty.jsonl', '\n  \n');
    const run = await evaluate('--flags', flags, '--contexts', empty);
    expect(run).toEqual({
      code: 0,
      stdout: '',
      stderr: 'switchyard: warning: empty.jsonl contains no contexts\n',
    });
  });

  describe('usage errors (exit 2) name the option', () => {
    it.each([
      [['--flag', 'beta'], "option '--flags FILE' is required"],
      [['--flags'], "option '--flags' needs a value"],
      [['--flags', 'flags.json', '--context'], "option '--context' needs a value"],
      [
        ['--flags', '--flag', 'beta'],
        "option '--flags' needs a value, got another option (write --flags=VALUE for a value starting with '-')",
      ],
      [
        ['--flags', 'flags.json', '--context', '{"targetingKey": "u1",}'],
        `option '--context': invalid JSON: expected a double-quoted property name, found "}" at column 23`,
      ],
      [
        ['--flags', 'flags.json', '--context', '["u1"]'],
        "option '--context': an evaluation context must be a JSON object, got an array",
      ],
      [
        ['--flags', 'flags.json', '--context', '{}', '--contexts', 'contexts.jsonl'],
        "options '--context' and '--contexts' cannot be used together",
      ],
      [
        ['--flags', 'flags.json', '--format', 'yaml'],
        "option '--format' must be 'text' or 'json', got 'yaml'",
      ],
      [['--flags', 'flags.json', '--explain=yes'], "option '--explain' does not take a value"],
      [['--flags', 'flags.json', '--verbose'], "unknown option '--verbose'"],
      [
        ['--flags', 'flags.json', '--contxt', '{}'],
        "unknown option '--contxt' (did you mean '--context' or '--contexts'?)",
      ],
      [['--flags', 'flags.json', '--explian'], "unknown option '--explian' (did you mean '--explain'?)"],
      [['--flags', 'flags.json', '-explain'], "unknown option '-explain' (did you mean '--explain'?)"],
      [['--flags', 'flags.json', 'beta'], "unexpected argument 'beta'"],
      [['--flags', 'flags.json', '--flag', ''], "option '--flag' needs a non-empty flag key"],
    ])('%j', async (args, message) => {
      const run = await evaluate(...args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`switchyard: error: ${message}\nRun 'switchyard eval --help' for usage.\n`);
    });
  });

  describe('input errors (exit 1)', () => {
    it('an unknown --flag is named, with a suggestion, before anything is evaluated', async () => {
      const run = await evaluate('--flags', flags, '--flag', 'bta', '--context', '{}');
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: "switchyard: error: flag 'bta' is not defined in flags.json (did you mean 'beta'?)\n",
      });
    });

    it('a missing flags file', async () => {
      const run = await evaluate('--flags', 'nope.json');
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'switchyard: error: cannot load flags: 1 problem in 1 file\nnope.json: file not found\n',
      );
    });

    it('a flags file with a syntax error, with its position', async () => {
      const file = dir.write('broken.json', '{"flags": {\n  "a": {"state": "ENABLED",, }\n}}');
      const run = await evaluate('--flags', file);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        '\nbroken.json:2:28: invalid JSON: expected a double-quoted property name, found ","\n',
      );
    });

    it('a flag set flagd would reject lists every issue', async () => {
      const file = dir.write('rejected.json', {
        flags: {
          a: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'missing' },
          b: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'gone' },
        },
      });
      const run = await evaluate('--flags', file, '--flags', 'nope.yaml');
      expect(run.code).toBe(1);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^switchyard: error: cannot load flags: \d+ problems in 2 files$/);
      expect(lines).toContain('nope.yaml: file not found');
      expect(lines.some((line) => line.startsWith('rejected.json: /flags/a/defaultVariant: '))).toBe(true);
      expect(lines.some((line) => line.startsWith('rejected.json: /flags/b/defaultVariant: '))).toBe(true);
    });

    it('a missing --contexts file', async () => {
      const run = await evaluate('--flags', flags, '--contexts', 'none.jsonl');
      expect(run).toEqual({ code: 1, stdout: '', stderr: 'switchyard: error: none.jsonl: file not found\n' });
    });
  });

  const samples = flagdSamplesDir();
  it.skipIf(samples === null)("gives identical results for flagd's JSON and YAML samples", async () => {
    const context = '{"targetingKey":"u1","email":"ann@faas.com","color":"yellow"}';
    const fromJson = await runCli(
      ['eval', '--flags', 'example_flags.flagd.json', '--context', context],
      samples!,
    );
    const fromYaml = await runCli(
      ['eval', '--flags', 'example_flags.flagd.yaml', '--context', context],
      samples!,
    );
    expect(fromJson.code).toBe(0);
    expect(fromYaml.stdout).toBe(fromJson.stdout);
    const records = jsonLines(fromJson.stdout);
    expect(records.find((r) => r.flag === 'isColorYellow')).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
    expect(records.find((r) => r.flag === 'fibAlgo')).toMatchObject({
      value: 'binet',
      reason: 'TARGETING_MATCH',
    });
  });

  it.skipIf(samples === null)(
    "layers flagd's secondary sample over the primary (myBoolFlag: on → off)",
    async () => {
      const args = ['eval', '--flag', 'myBoolFlag', '--flags', 'example_flags.flagd.json'];
      const primary = await runCli(args, samples!);
      const layered = await runCli([...args, '--flags', 'example_flags_secondary.flagd.json'], samples!);
      expect(jsonLines(primary.stdout)).toEqual([expect.objectContaining({ value: true, variant: 'on' })]);
      expect(jsonLines(layered.stdout)).toEqual([expect.objectContaining({ value: false, variant: 'off' })]);
    },
  );
});
