import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDir } from './support/temp-dir.js';
import { createFlag, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let sdkKey: string;
const dir = new TempDir();
const E = '/projects/default/environments/production';

beforeAll(async () => {
  server = await startTestServer();
  sdkKey = (
    await server.api<{ key: string }>('POST', `${E}/sdk-keys`, { name: 'experiment-cli', kind: 'server' })
  ).key;
});
afterAll(async () => {
  await server?.close();
  dir.remove();
});

const experiment = (...args: string[]) => server.cli(['experiment', ...args], dir.path);

/** A boolean flag ENABLED in production, serving `off`: what an experiment's split takes over. */
async function enabledFlag(key: string) {
  await createFlag(server, key);
  await server.api('PUT', `${E}/flags/${key}`, { state: 'ENABLED', defaultVariant: 'off' });
}

const createArgs = (key: string, flag: string, ...extra: string[]) => [
  'create',
  '--environment',
  'production',
  '--key',
  key,
  '--flag',
  flag,
  '--control',
  'off',
  '--weights',
  'off=50,on=50',
  '--primary-metric',
  'conversion:purchase',
  ...extra,
];

async function pendingEvents(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^switchyard_experiment_events_pending (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

/** Posts events as an SDK does, then waits until the server has written them all. */
async function sendEvents(events: unknown[]) {
  const response = await fetch(`${server.url}/sdk/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': sdkKey },
    body: JSON.stringify({ events }),
  });
  expect(response.status).toBe(202);
  expect(await response.json()).toMatchObject({ accepted: events.length, rejected: 0 });
  await new Promise((resolve) => setTimeout(resolve, 1200));
  for (let i = 0; i < 100 && (await pendingEvents()) !== 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

/** `units` users per variant exposed to FLAG; the first `converted[variant]` of each bought (value 10 + i % 5). */
function trafficOf(flag: string, units: Record<string, number>, converted: Record<string, number>) {
  const at = Date.now();
  const events: unknown[] = [];
  for (const [variant, n] of Object.entries(units)) {
    for (let i = 0; i < n; i++)
      events.push({ kind: 'exposure', flag, variant, targetingKey: `${variant}-${i}`, timestamp: at });
    for (let i = 0; i < (converted[variant] ?? 0); i++) {
      events.push({
        kind: 'track',
        name: 'purchase',
        targetingKey: `${variant}-${i}`,
        value: 10 + (i % 5),
        timestamp: at + 1000,
      });
    }
  }
  return events;
}

describe('switchyard experiment create, list, show', () => {
  it('creates a draft from options, with every kind of metric, and prints it', async () => {
    await enabledFlag('checkout');
    const run = await experiment(
      ...createArgs(
        'checkout-test',
        'checkout',
        '--secondary-metric',
        'mean:purchase',
        '--secondary-metric',
        'revenue-per-order=ratio:purchase.value/purchase.count',
        '--guardrail-metric',
        'errors=count:checkout-error:lower-is-better',
        '--hypothesis',
        'A one-page checkout sells more',
        '--mde',
        '5%',
        '--alpha',
        '0.01',
        '--attribution-window',
        'none',
        '--sequential',
        '--reason',
        'SHOP-12',
      ),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created experiment checkout-test \(a draft/);
    expect(run.stdout).toContain('  status       draft\n');
    expect(run.stdout).toContain('  split        off 50 (control), on 50\n');
    expect(run.stdout).toContain('  primary      purchase: conversion of purchase\n');
    expect(run.stdout).toContain('  secondary    revenue-per-order: ratio purchase value / purchase count\n');
    expect(run.stdout).toContain('  guardrail    errors: count of checkout-error, lower is better\n');
    expect(run.stdout).toContain(
      '  design       MDE 5.0% (relative), α 0.01, power 0.8, sequential (always-valid)\n',
    );
    expect(run.stdout).toContain('  attribution  until the experiment stops\n');

    const stored = await server.api('GET', `${E}/experiments/checkout-test`);
    expect(stored).toMatchObject({
      status: 'draft',
      hypothesis: 'A one-page checkout sells more',
      weights: { off: 50, on: 50 },
      primaryMetric: { key: 'purchase', type: 'conversion', event: 'purchase' },
      secondaryMetrics: [
        { type: 'mean', event: 'purchase' },
        {
          key: 'revenue-per-order',
          type: 'ratio',
          numerator: { event: 'purchase', of: 'value' },
          denominator: { event: 'purchase', of: 'count' },
        },
      ],
      guardrailMetrics: [{ key: 'errors', type: 'count', event: 'checkout-error', higherIsBetter: false }],
      minimumDetectableEffect: 0.05,
      alpha: 0.01,
      attributionWindow: null,
      sequential: true,
    });
    const audit = await server.api<{ entries: { action: string; reason: string | null }[] }>(
      'GET',
      '/audit?flag=checkout',
    );
    expect(audit.entries.find((entry) => entry.action === 'experiment.create')?.reason).toBe('SHOP-12');

    const show = await experiment('show', '--environment', 'production', 'checkout-test');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      /^Experiment checkout-test\n {2}flag {9}checkout in production \(project default\)\n/,
    );
    const json = await experiment('show', '--environment', 'production', 'checkout-test', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual(stored);

    const list = await experiment('list', '--environment', 'production');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Experiments in production (project default), newest first:\n');
    expect(list.stdout).toMatch(
      /\n {2}checkout-test +checkout +draft +off 50 \(control\), on 50 +purchase +-\n/,
    );
    const draft = await experiment('results', '--environment', 'production', 'checkout-test');
    expect(draft.stderr).toBe('');
    expect(draft.code).toBe(0);
    expect(draft.stdout).toMatch(/^Results of experiment checkout-test on flag checkout \(draft\)\n/);
    expect(draft.stdout).toMatch(/\n {2}units +0\n/);
    expect(draft.stdout).toContain('  note: on: not enough units yet');
    expect(draft.stdout).toContain('Metric purchase (conversion, primary)\n');
    expect(draft.stdout).toMatch(/\nProgress: .+\n$/);
    const empty = await experiment('list', '--environment', 'development');
    expect(empty.stdout).toBe('No experiments in development (project default).\n');
  });

  it('takes the design from a YAML file, options replacing its fields; --format json prints the answer', async () => {
    await enabledFlag('search');
    const file = dir.write(
      'design.yaml',
      [
        'key: from-file',
        'flag: search',
        'control: off',
        'weights: { off: 50, on: 50 }',
        'primaryMetric: { event: search, type: count }',
        'secondaryMetrics:',
        '  - { event: click, type: conversion }',
      ].join('\n'),
    );
    const run = await experiment(
      'create',
      '--environment',
      'production',
      '--design',
      file,
      '--key',
      'from-file-2',
      '--weights',
      'off=20,on=80',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      key: 'from-file-2',
      flag: 'search',
      weights: { off: 20, on: 80 },
      primaryMetric: { type: 'count', event: 'search' },
      secondaryMetrics: [{ type: 'conversion', event: 'click' }],
    });
    const broken = dir.write('broken.yaml', 'key: [');
    const unreadable = await experiment('create', '--environment', 'production', '--design', broken);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain(`cannot read the design in ${broken}`);
  });

  it("shows the server's refusal with each issue's path, and writes nothing", async () => {
    await enabledFlag('refused');
    const run = await experiment(
      'create',
      '--environment',
      'production',
      '--key',
      'refused-test',
      '--flag',
      'refused',
      '--control',
      'off',
      '--weights',
      'off=50,onn=50',
      '--primary-metric',
      'conversion:purchase',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('(400 VALIDATION_FAILED)');
    expect(run.stderr).toContain(
      '/body/weights/onn: "onn" is not a variant of the flag (did you mean \'on\'',
    );
    const missing = await experiment('show', '--environment', 'production', 'refused-test');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('404');
  });

  it('refuses a malformed command line with exit 2, naming the option', async () => {
    const cases: [string[], string][] = [
      [
        ['create', '--environment', 'production', '--key', 'x'],
        'options --flag, --control, --weights, --primary-metric are required',
      ],
      [
        createArgs('x', 'f', '--weights', 'off:50'),
        "option '--weights' 'off:50': write VARIANT=WEIGHT pairs",
      ],
      [
        createArgs('x', 'f', '--primary-metric', 'conversoin:purchase'),
        "unknown metric type 'conversoin' (did you mean 'conversion'?)",
      ],
      [createArgs('x', 'f', '--guardrail-metric', 'count:errors:lower'), "unknown setting 'lower'"],
      [
        createArgs('x', 'f', '--secondary-metric', 'ratio:purchase.value'),
        'a ratio is NUMERATOR/DENOMINATOR',
      ],
      [createArgs('x', 'f', '--mde', 'ten'), "option '--mde' must be a number or a percentage"],
      [
        createArgs('x', 'f', '--primary-metirc', 'x'),
        "unknown option '--primary-metirc' (did you mean '--primary-metric'?)",
      ],
      [['show', '--environment', 'production'], "give the experiment's KEY"],
      [
        ['stat', '--environment', 'production', 'x'],
        "unknown experiment command 'stat' (did you mean 'start' or 'stop'?)",
      ],
      [
        ['stop', '--environment', 'production', 'x', '--serve', ' '],
        "option '--serve' needs a non-empty value",
      ],
    ];
    for (const [args, message] of cases) {
      const run = await experiment(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
    }
    const bare = await experiment();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('switchyard experiment results --environment ENV KEY');
  });
});

describe('switchyard experiment start, results, stop, delete', () => {
  it('starts, then prints the results per metric and variant; --format json is the server answer', async () => {
    await enabledFlag('pricing');
    expect(
      (await experiment(...createArgs('pricing-test', 'pricing', '--secondary-metric', 'mean:purchase')))
        .code,
    ).toBe(0);
    const started = await experiment('start', '--environment', 'production', 'pricing-test');
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^Started experiment pricing-test: the split of pricing is live\n/);
    expect(started.stdout).toContain('  status       running\n');

    // 400 users per side; 40 control and 70 treatment users buy.
    await sendEvents(trafficOf('pricing', { off: 400, on: 400 }, { off: 40, on: 70 }));
    const run = await experiment('results', '--environment', 'production', 'pricing-test');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toMatch(/^Results of experiment pricing-test on flag pricing \(running since \S+\)\n/);
    expect(text).toContain("  method        Welch's t-test, α 0.05\n");
    expect(text).toContain('  units         800\n');
    expect(text).toMatch(
      / {2}sample ratio {2}ok: p = 1\.0000 .*observed off 400, on 400; expected off 400, on 400\n/,
    );
    expect(text).toContain('Metric purchase (conversion, primary)\n');
    expect(text).toMatch(/ {2}off \(control\) +400 +10\.00% +- +- +- +- +-\n/);
    // 17.5% against 10%: +7.5 points, +75% relative, Welch p ≈ 0.0020.
    expect(text).toMatch(
      / {2}on +400 +17\.50% +\+7\.50 pts \[\+\d\.\d\d, \+\d+\.\d\d\] +\+75\.0% \[.+\] +0\.00\d\d +\d+\.\d% +yes\n/,
    );
    expect(text).toContain('Metric purchase-mean (mean, secondary)\n');
    expect(text).toMatch(/Progress: [\d,]+ units per variant needed; still needed: off [\d,]+, on [\d,]+\n/);

    const json = await experiment(
      'results',
      '--environment',
      'production',
      'pricing-test',
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout);
    const direct = await server.api('GET', `${E}/experiments/pricing-test/results`);
    expect({ ...answer, computedAt: null }).toEqual({ ...direct, computedAt: null });
    expect(answer.variants[1]).toMatchObject({ variant: 'on', units: 400, mean: 0.175, significant: true });
    expect(answer.variants[1].pValue).toBeCloseTo(0.002, 3);

    const stopped = await experiment(
      'stop',
      '--environment',
      'production',
      'pricing-test',
      '--serve',
      'on',
      '--reason',
      'on wins',
    );
    expect(stopped.stderr).toBe('');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/^Stopped experiment pricing-test: "on" is served in its place\n/);
    expect(stopped.stdout).toMatch(/\n {2}outcome {6}serving "on": .*\n/);
    expect(await server.api('GET', `${E}/experiments/pricing-test`)).toMatchObject({
      status: 'stopped',
      outcome: { served: 'on' },
    });
    const again = await experiment('stop', '--environment', 'production', 'pricing-test');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('409');

    const deleted = await experiment(
      'delete',
      '--environment',
      'production',
      'pricing-test',
      '--format',
      'json',
    );
    expect(deleted.stderr).toBe('');
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: 'pricing-test' });
    const gone = await experiment('results', '--environment', 'production', 'pricing-test');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('404');
  });

  it('puts a sample-ratio mismatch and a breached guardrail first, and refuses to delete a running experiment', async () => {
    await enabledFlag('skewed');
    expect(
      (
        await experiment(
          ...createArgs('skewed-test', 'skewed', '--guardrail-metric', 'spend=mean:purchase:lower-is-better'),
        )
      ).code,
    ).toBe(0);
    expect((await experiment('start', '--environment', 'production', 'skewed-test')).code).toBe(0);
    // 55/45 on a 50/50 split: χ² = 20 over 2,000 units, p ≈ 8e-6.
    await sendEvents(trafficOf('skewed', { off: 900, on: 1100 }, { off: 50, on: 200 }));
    const run = await experiment('results', '--environment', 'production', 'skewed-test');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^WARNING: SAMPLE RATIO MISMATCH: /);
    expect(run.stdout).toMatch(/\nWARNING: Guardrail "spend" is significantly worse in "on"/);
    expect(run.stdout).toMatch(/ {2}sample ratio {2}MISMATCH: p = <0\.0001 \(χ² 20, warns below 0\.001\)/);
    expect(run.stdout).toContain('Metric spend (mean, guardrail, lower is better)\n');
    expect(run.stdout).toMatch(/CHANCE TO BE BETTER +SIGNIFICANT +GUARDRAIL\n/);
    expect(run.stdout).toMatch(/\n {2}on +1,100 .* yes +breached\n/);

    const refused = await experiment('delete', '--environment', 'production', 'skewed-test');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('409');
    expect((await server.api('GET', `${E}/experiments/skewed-test`)).status).toBe('running');
  });
});
