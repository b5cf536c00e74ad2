import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDir } from './support/temp-dir.js';
import { createFlag, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const dir = new TempDir();
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  dir.remove();
});

const EXPONENTIAL = 'exponential start=1 factor=2 max=100 interval=10m';

/** `rollout start` of FLAG's `on` against `off` in production, with two guardrails. */
const startArgs = (flag: string, ...extra: string[]) => [
  'rollout',
  'start',
  '--environment',
  'production',
  '--flag',
  flag,
  '--variant',
  'on',
  '--control',
  'off',
  '--schedule',
  EXPONENTIAL,
  '--guardrail',
  'error-rate<0.02',
  '--guardrail',
  'latency-p95<300:pause',
  ...extra,
];

async function startRollout(flag: string, ...extra: string[]): Promise<Record<string, unknown>> {
  const run = await server.cli([...startArgs(flag, ...extra), '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe('switchyard rollout start', () => {
  it('starts a rollout from the compact syntax and prints it with its planned steps', async () => {
    await createFlag(server, 'checkout');
    // Any script: a reason outside printable ASCII travels as an RFC 8187 extended header value.
    const run = await server.cli(startArgs('checkout', '--reason', "SHOP-12 — été, 回滚 🚀 (it's 100%)"));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = /^Started rollout (\S+)\n/.exec(run.stdout)?.[1];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.stdout).toContain('  flag         checkout in production (project default)\n');
    expect(run.stdout).toContain('  status       running\n');
    expect(run.stdout).toContain('  serving      "on" to 1%; the rest gets "off"\n');
    expect(run.stdout).toContain('  step         1 of 8 (percentage), since ');
    expect(run.stdout).toContain(`  schedule     ${EXPONENTIAL}\n`);
    expect(run.stdout).toContain('  guardrail    error-rate<0.02\n');
    expect(run.stdout).toContain('  guardrail    latency-p95<300:pause\n');
    const steps = run.stdout.slice(run.stdout.indexOf('Planned steps (8 steps'));
    const rows = steps
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.replace('→', '').trim().split(/\s+/).slice(0, 3).join(' '));
    expect(rows).toEqual([
      'STEP WEIGHT RINGS',
      '1 1% -',
      '2 2% -',
      '3 4% -',
      '4 8% -',
      '5 16% -',
      '6 32% -',
      '7 64% -',
      '8 100% -',
    ]);
    expect(steps).toMatch(/\n {2}→ {2}1 /);

    // What the server now holds, and the reason in the audit trail.
    const rollout = await server.api(`GET`, `/projects/default/environments/production/rollouts/${id}`);
    expect(rollout).toMatchObject({
      flag: 'checkout',
      plan: {
        schedule: { shape: 'exponential', start: 1, factor: 2, max: 100, interval: '10m' },
        guardrails: [
          { metric: 'error-rate', max: 0.02 },
          { metric: 'latency-p95', max: 300, onBreach: 'pause' },
        ],
      },
    });
    const audit = await server.api<{ entries: { action: string; reason: string | null }[] }>(
      'GET',
      '/audit?flag=checkout',
    );
    expect(audit.entries.find((entry) => entry.action === 'rollout.start')?.reason).toBe(
      "SHOP-12 — été, 回滚 🚀 (it's 100%)",
    );
  });

  it('--format json prints the server answer', async () => {
    await createFlag(server, 'json-start');
    const rollout = await startRollout(
      'json-start',
      '--ring',
      'staff=condition:{"ends_with":[{"var":"email"},"@example.com"]}',
    );
    expect(rollout).toMatchObject({
      flag: 'json-start',
      status: 'running',
      weight: 0,
      rings: ['staff'],
      step: { index: 0, count: 9, kind: 'ring' },
      plan: { rings: [{ name: 'staff', condition: { ends_with: [{ var: 'email' }, '@example.com'] } }] },
    });
    expect((rollout.steps as unknown[]).length).toBe(9);
  });

  it('takes the plan from a YAML or JSON file, and options set or replace its fields', async () => {
    await createFlag(server, 'from-yaml');
    await createFlag(server, 'from-json');
    const yaml = dir.write(
      'ramp.yaml',
      [
        'variant: on',
        'control: off',
        'schedule: { shape: custom, steps: [5, 50, 100], interval: 1h }',
        'guardrails:',
        '  - { metric: error-rate, maxIncrease: 0.01 }',
        'minSamples: 500',
        '',
      ].join('\n'),
    );
    const run = await server.cli(
      [
        'rollout',
        'start',
        '--environment',
        'production',
        '--plan',
        yaml,
        '--flag',
        'from-yaml',
        '--format',
        'json',
      ],
      dir.path,
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({
      flag: 'from-yaml',
      weight: 5,
      plan: {
        schedule: { shape: 'custom', steps: [5, 50, 100], interval: '1h' },
        guardrails: [{ metric: 'error-rate', maxIncrease: 0.01 }],
        minSamples: 500,
      },
    });

    const json = dir.write('plan.json', {
      flag: 'from-json',
      variant: 'on',
      control: 'off',
      schedule: { shape: 'linear', start: 10, step: 30, interval: '30m' },
      guardrails: [{ metric: 'error-rate', max: 0.5 }],
    });
    const overridden = await server.cli(
      [
        'rollout',
        'start',
        '--environment',
        'development',
        '--plan',
        json,
        '--guardrail',
        'latency-p99<900',
        '--min-samples',
        '50',
      ],
      dir.path,
    );
    expect(overridden.code).toBe(0);
    expect(overridden.stdout).toContain('  schedule     linear start=10 step=30 interval=30m\n');
    expect(overridden.stdout).toContain('  guardrail    latency-p99<900\n');
    expect(overridden.stdout).not.toContain('error-rate');
    expect(overridden.stdout).toContain('  min samples  50\n');
  });

  it("surfaces the server's validation errors with their paths: a misspelt plan field, an unknown variant", async () => {
    await createFlag(server, 'misspelt');
    const plan = dir.write(
      'misspelt.yaml',
      [
        'flag: misspelt',
        'variant: onn',
        'control: off',
        'schedule: { shape: exponential, start: 1, factor: 2, intervall: 10m }',
        'guardrails: []',
        '',
      ].join('\n'),
    );
    const run = await server.cli(
      ['rollout', 'start', '--environment', 'production', '--plan', plan],
      dir.path,
    );
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'switchyard: error: invalid request (400 VALIDATION_FAILED)',
        '  /body/schedule/intervall: unknown field "intervall"; did you mean "interval"?',
        '  /body/schedule/interval: schedule.interval must be a duration like "30s", "10m", "2h" or "1d", got undefined',
        '',
      ].join('\n'),
    });

    const variant = await server.cli([...startArgs('misspelt').map((a) => (a === 'on' ? 'onn' : a))]);
    expect(variant.code).toBe(1);
    expect(variant.stderr).toContain(
      '  /body/variant: "onn" is not a variant of flag "misspelt" (on, off)\n',
    );
  });

  it('passes compact values through for the server to judge: a misspelt shape, metric or key', async () => {
    await createFlag(server, 'typos');
    const run = await server.cli([
      'rollout',
      'start',
      '--environment',
      'production',
      '--flag',
      'typos',
      '--variant',
      'on',
      '--control',
      'off',
      '--schedule',
      'exponentail start=1 factor=2 interval=10m',
      '--guardrail',
      'latency-p95<300',
      '--guardrail',
      'eror-rate<2%',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  /body/schedule/shape: schedule.shape must be one of');
    expect(run.stderr).toContain('did you mean "exponential"?');
    expect(run.stderr).toContain('  /body/guardrails/1/metric: guardrails[1].metric must be one of');
    expect(run.stderr).toContain('did you mean "error-rate"?');
  });

  it('reports a second rollout of the same flag as the conflict the server answers', async () => {
    await createFlag(server, 'twice');
    const first = await startRollout('twice');
    const second = await server.cli(startArgs('twice'));
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `switchyard: error: flag "twice" already has a running rollout in "production" (${first.id}): finish or roll it back first (409 CONFLICT)\n`,
    );
  });

  it('reports a plan file that cannot be read or parsed, with line and column (exit 1)', async () => {
    const broken = dir.write('broken.json', '{"flag": "x",\n "variant": }');
    const run = await server.cli(
      ['rollout', 'start', '--environment', 'production', '--plan', broken],
      dir.path,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'switchyard: error: cannot read the plan in broken.json\nbroken.json:2:13: invalid JSON: unexpected "}", expected a value\n',
    );
    const missing = await server.cli(
      ['rollout', 'start', '--environment', 'production', '--plan', 'nope.yaml'],
      dir.path,
    );
    expect(missing).toMatchObject({ code: 1, stderr: 'switchyard: error: nope.yaml: file not found\n' });
    const twice = dir.write('twice.json', '{"flag": "a", "flag": "b"}');
    const duplicate = await server.cli(
      ['rollout', 'start', '--environment', 'production', '--plan', twice],
      dir.path,
    );
    expect(duplicate.stderr).toContain(
      'twice.json:1:15: duplicate key "flag" replaces the one at line 1, column 2\n',
    );
  });

  it.each([
    [
      ['--flag', 'x'],
      'options --variant, --control, --schedule are required (or give the whole plan with --plan FILE)',
    ],
    [
      ['--flag', 'x', '--variant', 'on', '--control', 'off', '--schedule', EXPONENTIAL],
      "give at least one '--guardrail' (e.g. --guardrail 'error-rate<0.02'), or '--no-guardrails' for a ramp gated by time alone",
    ],
    [
      ['--plan', 'p.json', '--guardrail', 'error-rate<1', '--no-guardrails'],
      "options '--guardrail' and '--no-guardrails' cannot be used together",
    ],
    [
      ['--plan', 'p.json', '--shedule', EXPONENTIAL],
      "unknown option '--shedule' (did you mean '--schedule'?)",
    ],
    [
      ['--plan', 'p.json', '--guardrails', 'x<1'],
      "unknown option '--guardrails' (did you mean '--guardrail'?)",
    ],
    [
      ['--plan', 'p.json', '--schedule', 'exponential start 1'],
      "option '--schedule': 'start' is not KEY=VALUE (the shape comes first, e.g. 'exponential start=1 factor=2 max=100 interval=10m')",
    ],
    [
      ['--plan', 'p.json', '--schedule', 'linear start=1 start=2'],
      "option '--schedule': 'start' is given twice",
    ],
    [
      ['--plan', 'p.json', '--ring', 'internal=employees'],
      "option '--ring' 'internal=employees': write NAME=segment:KEY or NAME=condition:JSON (e.g. 'internal=segment:employees')",
    ],
    [
      ['--plan', 'p.json', '--ring', 'internal=segmnt:employees'],
      "option '--ring' 'internal=segmnt:employees': write NAME=segment:KEY or NAME=condition:JSON (e.g. 'internal=segment:employees') (did you mean 'segment'?)",
    ],
    [
      ['--plan', 'p.json', '--guardrail', 'error-rate<0.02:paus'],
      "option '--guardrail' 'error-rate<0.02:paus': unknown setting 'paus' after ':' (did you mean 'pause'?); settings are pause, rollback, alpha, plannedSampleSize",
    ],
    [
      ['--plan', 'p.json', '--guardrail', 'error-rate=0.02'],
      "option '--guardrail' 'error-rate=0.02': write METRIC<BOUND or METRIC>BOUND, e.g. 'error-rate<0.02' or 'latency-p95<300:pause'",
    ],
    [
      ['--plan', 'p.json', '--guardrail', '{"metric": }'],
      'option \'--guardrail\': invalid JSON: unexpected "}", expected a value at column 12',
    ],
    [['--plan', 'p.json', '--min-samples', 'many'], "option '--min-samples' must be a number, got 'many'"],
    [['--plan', 'p.json', '--format', 'yaml'], "option '--format' must be 'text' or 'json', got 'yaml'"],
  ])('%j is a usage error naming the option (exit 2)', async (args, message) => {
    const needsEnvironment = ['rollout', 'start', '--environment', 'production', ...args];
    const run = await server.cli(needsEnvironment, dir.path);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `switchyard: error: ${message}\nRun 'switchyard rollout start --help' for usage.\n`,
    });
  });

  it('needs --environment', async () => {
    const run = await server.cli(['rollout', 'start', '--plan', 'p.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("switchyard: error: option '--environment ENV' is required\n");
  });
});

describe('switchyard rollout status', () => {
  it("lists the environment's rollouts, newest first, as a table or as JSON", async () => {
    await server.api('POST', '/projects/default/environments', { key: 'staging' });
    const empty = await server.cli(['rollout', 'status', '--environment', 'staging']);
    expect(empty).toEqual({ code: 0, stdout: 'No rollouts in staging (project default).\n', stderr: '' });

    await createFlag(server, 'list-a');
    await createFlag(server, 'list-b');
    const plan = ['--schedule', 'linear start=10 step=10 interval=1h', '--no-guardrails'];
    const base = [
      'rollout',
      'start',
      '--environment',
      'staging',
      '--variant',
      'on',
      '--control',
      'off',
      ...plan,
    ];
    expect((await server.cli([...base, '--flag', 'list-a'])).code).toBe(0);
    expect((await server.cli([...base, '--flag', 'list-b'])).code).toBe(0);

    const run = await server.cli(['rollout', 'status', '--environment', 'staging']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +FLAG +STATUS +WEIGHT +STEP +VARIANT +UPDATED$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(1, 5))).toEqual([
      ['list-b', 'running', '10%', '1/10'],
      ['list-a', 'running', '10%', '1/10'],
    ]);

    const json = await server.cli(['rollout', 'status', '--environment', 'staging', '--format', 'json']);
    expect(JSON.parse(json.stdout).rollouts.map((r: { flag: string }) => r.flag)).toEqual([
      'list-b',
      'list-a',
    ]);
  });

  it('shows one rollout by ID or by flag: its step, weight and the last timeline entries with their reasons', async () => {
    await createFlag(server, 'watched');
    const { id } = await startRollout('watched');
    for (const [action, reason] of [
      ['pause', 'error budget review'],
      ['resume', 'review done'],
      ['pause', 'second look'],
    ]) {
      expect(
        (
          await server.cli([
            'rollout',
            action!,
            '--environment',
            'production',
            String(id),
            '--reason',
            reason!,
          ])
        ).code,
      ).toBe(0);
    }

    const byFlag = await server.cli([
      'rollout',
      'status',
      '--environment',
      'production',
      '--flag',
      'watched',
      '--timeline',
      '2',
    ]);
    expect(byFlag.stderr).toBe('');
    expect(byFlag.code).toBe(0);
    expect(byFlag.stdout).toMatch(new RegExp(`^Rollout ${id}\n`));
    expect(byFlag.stdout).toContain('  status       paused: second look\n');
    expect(byFlag.stdout).toContain('  step         1 of 8 (percentage)');
    const timeline = byFlag.stdout.slice(byFlag.stdout.indexOf('Timeline'));
    const rows = timeline.trimEnd().split('\n');
    expect(rows[0]).toBe('Timeline (last 2 of 4):');
    expect(rows[1]).toMatch(/^ {2}AT +ACTION +STEP +WEIGHT +BY +REASON$/);
    expect(
      rows.slice(2).map((row) =>
        row
          .trim()
          .split(/\s{2,}/)
          .slice(1),
      ),
    ).toEqual([
      ['resume', '1', '1%', 'SWITCHYARD_ADMIN_TOKEN', 'review done'],
      ['pause', '1', '1%', 'SWITCHYARD_ADMIN_TOKEN', 'second look'],
    ]);

    const byId = await server.cli([
      'rollout',
      'status',
      '--environment',
      'production',
      String(id),
      '--format',
      'json',
      '--timeline',
      '3',
    ]);
    const detail = JSON.parse(byId.stdout);
    expect(detail).toMatchObject({ id, status: 'paused', weight: 1, step: { index: 0, count: 8 } });
    expect(detail.timeline.map((e: { action: string; reason: string }) => [e.action, e.reason])).toEqual([
      ['pause', 'error budget review'],
      ['resume', 'review done'],
      ['pause', 'second look'],
    ]);
    const all = JSON.parse(
      (
        await server.cli([
          'rollout',
          'status',
          '--environment',
          'production',
          String(id),
          '--format',
          'json',
          '--timeline',
          'all',
        ])
      ).stdout,
    );
    expect(all.timeline[0]).toMatchObject({ action: 'start', reason: 'started by SWITCHYARD_ADMIN_TOKEN' });
    const none = await server.cli([
      'rollout',
      'status',
      '--environment',
      'production',
      String(id),
      '--timeline',
      '0',
    ]);
    expect(none.stdout).not.toContain('Timeline');
  });

  it("by flag: the flag's latest rollout once none is active; none at all is an error with a suggestion", async () => {
    await createFlag(server, 'ended');
    const { id } = await startRollout('ended');
    await server.cli(['rollout', 'promote', '--environment', 'production', String(id)]);
    const latest = await server.cli(['rollout', 'status', '--environment', 'production', '--flag', 'ended']);
    expect(latest.stdout).toContain(`Rollout ${id}\n`);
    expect(latest.stdout).toContain('  status       completed: promoted by SWITCHYARD_ADMIN_TOKEN\n');
    expect(latest.stdout).toContain('  serving      "on" to everyone\n');

    const none = await server.cli(['rollout', 'status', '--environment', 'production', '--flag', 'endd']);
    expect(none).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "switchyard: error: flag 'endd' has no rollout in production (project default) (did you mean 'ended'?)\n",
    });
  });

  it("reports an unknown rollout ID or environment as the server's 404 (exit 1)", async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const unknown = await server.cli(['rollout', 'status', '--environment', 'production', id]);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: `switchyard: error: rollout "${id}" does not exist in environment "production" (404 NOT_FOUND)\n`,
    });
    const environment = await server.cli(['rollout', 'status', '--environment', 'prod']);
    expect(environment.code).toBe(1);
    expect(environment.stderr).toMatch(/^switchyard: error: .*prod.* \(404 NOT_FOUND\)\n/);
  });

  it.each([
    [['--environment', 'production', 'a', 'b'], "unexpected argument 'b'"],
    [['--environment', 'production', 'a', '--flag', 'f'], "give the rollout's ID or '--flag FLAG', not both"],
    [
      ['--environment', 'production', '--timeline', '5'],
      "option '--timeline' needs a rollout: give its ID or --flag FLAG",
    ],
    [
      ['--environment', 'production', 'a', '--timeline', 'last'],
      "option '--timeline' must be a number of entries or 'all', got 'last'",
    ],
    [['--enviroment', 'production'], "unknown option '--enviroment' (did you mean '--environment'?)"],
    [['-environment', 'production'], "unknown option '-environment' (did you mean '--environment'?)"],
    [['--environment', ''], "option '--environment' needs a non-empty value"],
    [['--environment', 'production', '--project', ' '], "option '--project' needs a non-empty value"],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const run = await server.cli(['rollout', 'status', ...args]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `switchyard: error: ${message}\nRun 'switchyard rollout status --help' for usage.\n`,
    });
  });
});

describe('switchyard rollout pause|resume|promote|rollback', () => {
  it('pauses and resumes by ID, with the reason in the timeline', async () => {
    await createFlag(server, 'paused');
    const { id } = await startRollout('paused');
    const pause = await server.cli([
      'rollout',
      'pause',
      '--environment',
      'production',
      String(id),
      '--reason',
      'checking — dashboards',
    ]);
    expect(pause.stderr).toBe('');
    expect(pause.code).toBe(0);
    expect(pause.stdout).toMatch(new RegExp(`^Paused rollout ${id}: it holds "on" at 1%\n`));
    expect(pause.stdout).toContain('  status       paused: checking — dashboards\n');

    const resume = await server.cli([
      'rollout',
      'resume',
      '--environment',
      'production',
      String(id),
      '--format',
      'json',
    ]);
    expect(JSON.parse(resume.stdout)).toMatchObject({ id, status: 'running', reason: null });
  });

  it('promotes by flag: the variant is served to everyone', async () => {
    await createFlag(server, 'promoted');
    const { id } = await startRollout('promoted');
    const run = await server.cli([
      'rollout',
      'promote',
      '--environment',
      'production',
      '--flag',
      'promoted',
      '--reason',
      'all green',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Promoted rollout ${id}: "on" is served to everyone\n`));
    expect(run.stdout).toContain('  status       completed: all green\n');
    const config = await server.api('GET', '/projects/default/environments/production/flags/promoted');
    expect(config).toMatchObject({ defaultVariant: 'on', targeting: null });
  });

  it('rolls back to the safe variant', async () => {
    await createFlag(server, 'rolled', { variants: { on: true, off: false } });
    const { id } = await startRollout('rolled', '--safe-variant', 'off');
    const run = await server.cli([
      'rollout',
      'rollback',
      '--environment',
      'production',
      String(id),
      '--format',
      'json',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      id,
      status: 'rolled-back',
      weight: 0,
      reason: 'rolled back by SWITCHYARD_ADMIN_TOKEN',
    });
    const text = await server.cli(['rollout', 'status', '--environment', 'production', String(id)]);
    expect(text.stdout).toContain('  serving      "off" to everyone the rollout reached\n');
  });

  it("reports the server's refusal of an action on a rollout in the wrong state (exit 1)", async () => {
    await createFlag(server, 'running-only');
    const { id } = await startRollout('running-only');
    const resume = await server.cli(['rollout', 'resume', '--environment', 'production', String(id)]);
    expect(resume).toEqual({
      code: 1,
      stdout: '',
      stderr: `switchyard: error: rollout "${id}" is running, not paused (409 CONFLICT)\n`,
    });
    await server.cli(['rollout', 'rollback', '--environment', 'production', String(id)]);
    const byFlag = await server.cli([
      'rollout',
      'pause',
      '--environment',
      'production',
      '--flag',
      'running-only',
    ]);
    expect(byFlag).toEqual({
      code: 1,
      stdout: '',
      stderr: `switchyard: error: flag 'running-only' has no running or paused rollout in production (project default); its latest, ${id}, is rolled-back\n`,
    });
  });

  it.each([
    [['pause', '--environment', 'production'], "give the rollout's ID, or '--flag FLAG'", 'rollout pause'],
    [
      ['resume', 'id', '--environment', 'production', '--reason', ''],
      "option '--reason' needs a non-empty value",
      'rollout resume',
    ],
    [
      ['promote', 'id', '--environment', 'production', '--reason', 'x'.repeat(1001)],
      "option '--reason' must be at most 1000 characters, got 1001",
      'rollout promote',
    ],
    [
      ['rollback', 'id', '--environment', 'production', '--reson', 'x'],
      "unknown option '--reson' (did you mean '--reason'?)",
      'rollout rollback',
    ],
    [['rollback', 'id'], "option '--environment ENV' is required", 'rollout rollback'],
    [
      ['stat', '--environment', 'production'],
      "unknown rollout command 'stat' (did you mean 'start' or 'status'?)",
      'rollout',
    ],
    [['--environment', 'production'], "expected a command before '--environment'", 'rollout'],
  ])('%j is a usage error (exit 2)', async (args, message, command) => {
    const run = await server.cli(['rollout', ...args]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `switchyard: error: ${message}\nRun 'switchyard ${command} --help' for usage.\n`,
    });
  });
});
