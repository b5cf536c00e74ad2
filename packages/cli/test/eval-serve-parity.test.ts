import { launchpadFlagFiles, locateFlagdTestbed } from '@switchyard/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './support/run-cli.js';
import { serveInProcess } from './support/serve-in-process.js';
import { TempDir } from './support/temp-dir.js';

// `switchyard eval --flags A --flags B` and `switchyard serve --flags A B` combine files by one rule
// (@switchyard/flag-files), so every flag must answer alike for every context: here through the CLI's
// eval command in process and a real file-mode server over OFREP on loopback.

type Context = Record<string, unknown>;

/** The answer as both sides can express it. OFREP reports every error but PARSE_ERROR as GENERAL. */
interface Answer {
  value?: unknown;
  variant?: string;
  reason?: string;
  errorCode?: string;
  metadata: unknown;
}

function fromEvalRecord(record: Record<string, unknown>): Answer {
  if (record.errorCode !== undefined) {
    const errorCode = record.errorCode === 'PARSE_ERROR' ? 'PARSE_ERROR' : 'GENERAL';
    return { errorCode, metadata: record.flagMetadata };
  }
  const { value, variant, reason, flagMetadata } = record as Answer & { flagMetadata: unknown };
  return { value, variant, reason, metadata: flagMetadata };
}

function fromOfrep(entry: Record<string, unknown>): Answer {
  if (entry.errorCode !== undefined)
    return { errorCode: entry.errorCode as string, metadata: entry.metadata };
  const { value, variant, reason, metadata } = entry as Answer;
  return { value, variant, reason, metadata };
}

async function evalAnswers(
  files: readonly string[],
  cwd: string,
  context: Context,
): Promise<Map<string, Answer>> {
  const run = await runCli(
    ['eval', ...files.flatMap((file) => ['--flags', file]), '--context', JSON.stringify(context)],
    cwd,
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return new Map(jsonLines(run.stdout).map((record) => [record.flag as string, fromEvalRecord(record)]));
}

async function ofrep(url: string, context: Context): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ context }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Evaluates every flag for every context through both, and compares every answer. */
async function expectEvalAndServeAgree(files: readonly string[], cwd: string, contexts: readonly Context[]) {
  const server = await serveInProcess(['--port', '0', '--host', '127.0.0.1', '--flags', ...files], cwd);
  try {
    let compared = 0;
    for (const context of contexts) {
      const expected = await evalAnswers(files, cwd, context);
      const bulk = await ofrep(`${server.url}/ofrep/v1/evaluate/flags`, context);
      const served = new Map(
        (bulk.flags as Record<string, unknown>[]).map((entry) => [entry.key as string, fromOfrep(entry)]),
      );
      expect([...served.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, answer] of expected) {
        const where = `${key} for ${JSON.stringify(context)}`;
        expect(served.get(key), `bulk: ${where}`).toEqual(answer);
        const single = await ofrep(
          `${server.url}/ofrep/v1/evaluate/flags/${encodeURIComponent(key)}`,
          context,
        );
        expect(fromOfrep(single), `single: ${where}`).toEqual(answer);
        compared++;
      }
    }
    return compared;
  } finally {
    expect(await server.stop()).toBe(0);
  }
}

const dir = new TempDir();
afterAll(() => dir.remove());

const onOff = { on: true, off: false };
const base = dir.write('base.json', {
  metadata: { flagSetId: 'shop', team: 'web' },
  $evaluators: {
    staff: { ends_with: [{ var: 'email' }, '@example.com'] },
    big: { '>': [{ var: 'seats' }, 10] },
  },
  flags: {
    checkout: {
      state: 'ENABLED',
      variants: onOff,
      defaultVariant: 'off',
      targeting: {
        if: [
          { $ref: 'staff' },
          'on',
          {
            fractional: [
              ['on', 30],
              ['off', 70],
            ],
          },
        ],
      },
      metadata: { owner: 'payments' },
    },
    color: {
      state: 'ENABLED',
      variants: { blue: 'blue', grey: 'grey' },
      defaultVariant: 'grey',
      targeting: { if: [{ $ref: 'big' }, 'blue'] },
    },
    shared: { state: 'ENABLED', variants: onOff, defaultVariant: 'off' },
    retired: { state: 'DISABLED', variants: onOff, defaultVariant: 'on' },
    codeDefault: {
      state: 'ENABLED',
      variants: onOff,
      defaultVariant: null,
      targeting: { if: [{ $ref: 'staff' }, 'on'] },
    },
    broken: { state: 'ENABLED', variants: onOff, defaultVariant: 'on', targeting: { no_such_op: [1] } },
    ghost: { state: 'ENABLED', variants: onOff, defaultVariant: 'on', targeting: { if: [true, 'ghost'] } },
  },
});
// Its own "staff" (a different rule under the same name) and its own flag-set metadata.
const override = dir.write(
  'override.yaml',
  [
    'metadata: { flagSetId: shop, team: api }',
    '$evaluators:',
    '  staff: { ends_with: [{ var: email }, "@override.org"] }',
    'flags:',
    '  shared:',
    '    state: ENABLED',
    '    variants: { "on": true, "off": false }',
    '    defaultVariant: "off"',
    '    targeting: { if: [{ $ref: staff }, "on", "off"] }',
    '  release:',
    '    state: ENABLED',
    '    variants: { new: new, old: old }',
    '    defaultVariant: old',
    '    targeting: { if: [{ sem_ver: [{ var: version }, ">=", "2.0.0"] }, new] }',
    '',
  ].join('\n'),
);
// The daemon's array form, no metadata, and a $ref to an evaluator only base.json defines.
const array = dir.write('array.json', {
  flags: [
    {
      key: 'seats',
      state: 'ENABLED',
      variants: { many: 100, few: 1 },
      defaultVariant: 'few',
      targeting: { if: [{ $ref: 'big' }, 'many'] },
    },
    { key: 'checkout', state: 'ENABLED', variants: onOff, defaultVariant: 'on' },
  ],
});

const contexts: Context[] = [
  {},
  { targetingKey: 'user-1', email: 'ann@example.com', seats: 20, version: '2.1.0' },
  { targetingKey: 'user-2', email: 'bob@override.org', seats: 5, version: '1.9.9' },
  { targetingKey: 'user-3', email: 'eve@elsewhere.net', version: 'v3' },
  { email: 'ann@example.com' },
];

describe('switchyard eval --flags A --flags B answers as serve --flags A B', () => {
  it('for files with colliding evaluators, per-file metadata, the array form, YAML and errors', async () => {
    for (const files of [
      [base, override, array],
      [array, override, base],
      [override, base],
    ]) {
      expect(await expectEvalAndServeAgree(files, dir.path, contexts)).toBeGreaterThan(0);
    }
  });

  it('sees the differences the rule makes (guards against both sides ignoring the rule alike)', async () => {
    const answers = await evalAnswers([base, override, array], dir.path, contexts[2]!);
    // override.yaml's own "staff" matches @override.org; base.json's does not.
    expect(answers.get('shared')).toMatchObject({
      variant: 'on',
      metadata: { flagSetId: 'shop', team: 'api' },
    });
    expect(answers.get('codeDefault')).toMatchObject({ reason: 'DEFAULT', metadata: { team: 'web' } });
    expect(answers.get('checkout')).toMatchObject({ variant: 'on', reason: 'STATIC', metadata: {} });
    expect(answers.get('seats')).toMatchObject({ variant: 'few', reason: 'DEFAULT' });
    expect(answers.get('broken')).toMatchObject({ errorCode: 'PARSE_ERROR' });
    expect(answers.get('ghost')).toMatchObject({ errorCode: 'GENERAL' });
    expect(answers.get('retired')).toEqual({
      reason: 'DISABLED',
      metadata: { flagSetId: 'shop', team: 'web' },
    });
  });

  const testbed = locateFlagdTestbed();
  it.skipIf(testbed === null)("for the flagd testbed's flag files", async () => {
    const compared = await expectEvalAndServeAgree(launchpadFlagFiles(testbed!), dir.path, [
      {},
      {
        targetingKey: 'jon@company.com',
        email: 'ballmer@macrosoft.com',
        version: '2.1.0',
        age: 30,
        customer: true,
      },
      { targetingKey: 'user-2', email: 'ballmer@none.com', locale: 'de-DE', id: 3, time: 1 },
    ]);
    expect(compared).toBeGreaterThan(100);
  });
});
