import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { dumpDatabase } from '../support/dump-database.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('experiment API tests (PostgreSQL)');
const P = '/api/v1/projects/default';
const E = `${P}/environments/production`;

const design = (key: string, flag: string, extra: Record<string, unknown> = {}) => ({
  key,
  flag,
  control: 'off',
  weights: { off: 50, on: 50 },
  primaryMetric: { event: 'purchase', type: 'conversion' },
  ...extra,
});

describe.each(targets)('the experiment API on %s', (target) => {
  let t: TestServer;
  let serverKey: string;
  let clientKey: string;
  beforeAll(async () => {
    t = await startTestServer(target, { telemetryFlushMs: 50 });
    serverKey = (await t.api('POST', `${E}/sdk-keys`, { name: 'svc', kind: 'server' })).body.key;
    clientKey = (await t.api('POST', `${E}/sdk-keys`, { name: 'web', kind: 'client' })).body.key;
  });
  afterAll(() => t?.stop());

  const flag = async (key: string) =>
    expect((await t.api('POST', `${P}/flags`, { key, variants: { on: true, off: false } })).status).toBe(201);
  const flagSet = async () => (await t.api('GET', `${E}/flagset`)).body;
  const send = (events: unknown[], key = serverKey) =>
    fetch(`${t.server.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ events }),
    });
  const eventually = async <T>(probe: () => Promise<T>, accept: (value: T) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const value = await probe();
      if (accept(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return probe();
  };

  it('refuses a bad design with every problem at its field, and writes nothing', async () => {
    await flag('bad-designs');
    const before = await dumpDatabase(t.database.location);
    const misspelt = await t.api('POST', `${E}/experiments`, { ...design('x', 'bad-designs'), wieghts: {} });
    expect(misspelt.status).toBe(400);
    expect(misspelt.text).toContain('did you mean');
    const response = await t.api('POST', `${E}/experiments`, {
      ...design('x', 'bad-designs'),
      control: 'of',
      weights: { of: 50, maybe: 50 },
      primaryMetric: { type: 'ratio', numerator: { event: 'purchase', of: 'value' } },
      secondaryMetrics: [{ type: 'count' }],
      attributionWindow: '3 days',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: '/body/control', message: expect.stringContaining("did you mean 'on' or 'off'?") },
        { path: '/body/weights/maybe', message: expect.stringContaining('not a variant') },
        { path: '/body/primaryMetric/denominator', message: expect.stringContaining('needs a denominator') },
        { path: '/body/secondaryMetrics/0/event', message: expect.stringContaining('needs the event') },
        { path: '/body/attributionWindow', message: expect.stringContaining('not a duration') },
      ]),
    );
    const duplicate = await t.api('POST', `${E}/experiments`, {
      ...design('x', 'bad-designs'),
      secondaryMetrics: [{ event: 'purchase', type: 'conversion' }],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.text).toContain('metric key \\"purchase\\" is already used');
    expect(await dumpDatabase(t.database.location)).toEqual(before);
  });

  it('creates a draft with its defaults shown, lists it, and changes a draft but not a started design', async () => {
    await flag('checkout');
    const created = await t.api('POST', `${E}/experiments`, design('checkout-test', 'checkout'));
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      key: 'checkout-test',
      flag: 'checkout',
      status: 'draft',
      weights: { off: 50, on: 50 },
      primaryMetric: { key: 'purchase', type: 'conversion', event: 'purchase', higherIsBetter: true },
      alpha: 0.05,
      power: 0.8,
      minimumDetectableEffect: 0.1,
      attributionWindow: '72h',
      sequential: false,
      salt: 'checkout-test',
    });
    expect((await t.api('POST', `${E}/experiments`, design('checkout-test', 'checkout'))).status).toBe(409);
    const listed = await t.api('GET', `${E}/experiments`);
    expect(listed.body.experiments.map((e: { key: string }) => e.key)).toContain('checkout-test');
    const patched = await t.api('PATCH', `${E}/experiments/checkout-test`, {
      hypothesis: 'A shorter checkout sells more',
      guardrailMetrics: [{ event: 'error', type: 'count', higherIsBetter: false }],
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.guardrailMetrics).toEqual([
      { key: 'error-count', type: 'count', event: 'error', higherIsBetter: false },
    ]);
    const stale = await t.api(
      'PATCH',
      `${E}/experiments/checkout-test`,
      { name: 'x' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
    expect((await t.api('POST', `${E}/experiments/checkout-test/start`)).status).toBe(200);
    const fixed = await t.api('PATCH', `${E}/experiments/checkout-test`, { weights: { off: 10, on: 90 } });
    expect(fixed.status).toBe(409);
    expect(fixed.body.error.message).toContain('weights can no longer change');
    expect((await t.api('PATCH', `${E}/experiments/checkout-test`, { name: 'Checkout' })).body.name).toBe(
      'Checkout',
    );
    expect((await t.api('DELETE', `${E}/experiments/checkout-test`)).status).toBe(409);
    expect((await t.api('POST', `${E}/experiments/checkout-test/stop`)).status).toBe(200);
    expect((await t.api('DELETE', `${E}/experiments/checkout-test`)).status).toBe(204);
    expect((await t.api('GET', `${E}/experiments/checkout-test`)).status).toBe(404);
  });

  it('starts by writing a sticky split into the flag\u2019s fallback, and stops serving the chosen variant', async () => {
    await flag('split');
    const rules = { if: [{ '==': [{ var: 'country' }, 'DE'] }, 'off'] };
    await t.api('PUT', `${E}/flags/split`, { state: 'ENABLED', defaultVariant: 'off', targeting: rules });
    await t.api('POST', `${E}/experiments`, design('split-test', 'split', { weights: { on: 30, off: 70 } }));
    const started = await t.api('POST', `${E}/experiments/split-test/start`);
    expect(started.status, started.text).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', startedAt: expect.any(String) });
    expect((await flagSet()).flags.split.targeting).toEqual({
      if: [
        ...rules.if,
        {
          if: [
            { var: 'targetingKey' },
            {
              fractional: [{ cat: ['split-test/', { var: 'targetingKey' }] }, ['off', 70], ['on', 30]],
            },
            'off',
          ],
        },
      ],
    });
    // One manager of a flag's fallback at a time.
    const rollout = await t.api('POST', `${E}/rollouts`, {
      flag: 'split',
      variant: 'on',
      control: 'off',
      schedule: { shape: 'linear', start: 10, step: 30, interval: '1h' },
      guardrails: [{ metric: 'error-rate', max: 0.05 }],
    });
    expect(rollout.status).toBe(409);
    expect(rollout.body.error.message).toContain('runs experiment "split-test"');
    await t.api('POST', `${E}/experiments`, design('second', 'split'));
    expect((await t.api('POST', `${E}/experiments/second/start`)).body.error.message).toContain(
      'already runs experiment "split-test"',
    );
    const badServe = await t.api('POST', `${E}/experiments/split-test/stop`, { serve: 'maybe' });
    expect(badServe.status).toBe(400);
    const stopped = await t.api('POST', `${E}/experiments/split-test/stop`, {
      serve: 'on',
      reason: 'on wins',
    });
    expect(stopped.status, stopped.text).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', outcome: { served: 'on', reason: 'on wins' } });
    expect((await flagSet()).flags.split.targeting).toEqual({ if: [...rules.if, 'on'] });
    expect((await t.api('POST', `${E}/experiments/split-test/start`)).status).toBe(409);
  });

  it('ends with a kill switch: everyone gets the safe variant and the experiment stops there', async () => {
    await flag('killed');
    await t.api('POST', `${E}/experiments`, design('killed-test', 'killed'));
    // An action's body is optional: "Content-Type: application/json" with nothing after it is no body.
    const started = await t.api('POST', `${E}/experiments/killed-test/start`, undefined, {
      headers: { 'content-type': 'application/json' },
    });
    expect(started.status, started.text).toBe(200);
    const bodyless = await t.api('POST', `${E}/experiments`, undefined, {
      headers: { 'content-type': 'application/json' },
    });
    expect(bodyless.status).toBe(400);
    expect(bodyless.body.error.issues[0].path).toBe('/body');
    expect((await t.api('POST', `${E}/flags/killed/kill`, { reason: 'checkout errors' })).status).toBe(200);
    const after = await t.api('GET', `${E}/experiments/killed-test`);
    expect(after.body).toMatchObject({
      status: 'stopped',
      outcome: { served: 'off', reason: 'the flag was killed: checkout errors' },
    });
    const audit = await t.api('GET', '/api/v1/audit?project=default&limit=5');
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('experiment.stop');
  });

  it('takes events from server and client keys, beacons included, and says which events it refused', async () => {
    const good = { kind: 'track', name: 'purchase', targetingKey: 'u1', timestamp: Date.now() };
    const answer = await send([
      good,
      { kind: 'track', name: 'purchase', targetingKey: 'u1', timestamp: new Date().toISOString(), value: 3 },
      { kind: 'exposure', flag: 'f', variant: 'on', targetingKey: 'u1', timestamp: 1_700_000_000 },
      { kind: 'track', name: 'purchase', targetingKey: 'u1', timestamp: Date.now(), vaule: 3 },
      { kind: 'click', name: 'x' },
      { kind: 'exposure', flag: 'f', targetingKey: 'u1', timestamp: Date.now() },
    ]);
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({
      accepted: 2,
      rejected: 4,
      errors: [
        { index: 2, message: expect.stringContaining('epoch milliseconds (not seconds)') },
        { index: 3, message: expect.stringContaining("did you mean 'value'") },
        { index: 4, message: expect.stringContaining('"kind" must be "exposure" or "track"') },
        { index: 5, message: '"variant" is missing' },
      ],
    });
    expect((await send([good], clientKey)).status).toBe(202);
    const beacon = await fetch(`${t.server.url}/sdk/v1/events?key=${clientKey}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://shop.example' },
      body: JSON.stringify({ events: [good] }),
    });
    expect(beacon.status).toBe(202);
    expect(beacon.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${t.server.url}/sdk/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-API-Key');
    const notABatch = await send({ evnts: [] } as unknown as unknown[]);
    expect(notABatch.status).toBe(400);
    const wrapped = await fetch(`${t.server.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': serverKey },
      body: JSON.stringify({ evnts: [] }),
    });
    expect(wrapped.status).toBe(400);
    expect(await wrapped.text()).toContain("did you mean 'events'");
    const unkeyed = await fetch(`${t.server.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [good] }),
    });
    expect(unkeyed.status).toBe(401);
  });

  it('counts each unit once at its first exposure, excludes units that saw two variants, and attributes conversions in the window', async () => {
    await flag('results');
    await t.api('POST', `${E}/experiments`, design('results-test', 'results', { attributionWindow: '1h' }));
    await t.api('POST', `${E}/experiments/results-test/start`);
    const now = Date.now() + 1000;
    const exposure = (unit: string, variant: string, at = now) => ({
      kind: 'exposure',
      flag: 'results',
      variant,
      targetingKey: unit,
      timestamp: at,
    });
    const purchase = (unit: string, at = now + 60_000) => ({
      kind: 'track',
      name: 'purchase',
      targetingKey: unit,
      timestamp: at,
    });
    const events: unknown[] = [];
    // 40 units on each side; 4 control and 12 treatment units convert (one twice).
    for (let i = 0; i < 40; i++)
      events.push(exposure(`c${i}`, 'off'), exposure(`t${i}`, 'on'), exposure(`t${i}`, 'on'));
    for (let i = 0; i < 4; i++) events.push(purchase(`c${i}`));
    for (let i = 0; i < 12; i++) events.push(purchase(`t${i}`));
    events.push(purchase('t0'));
    // Not counted: before the exposure, after the window, a unit never exposed, a conflicted unit.
    events.push(purchase('c10', now - 1000), purchase('c11', now + 2 * 3600_000 + 1000));
    events.push(exposure('both', 'off'), exposure('both', 'on'), purchase('both'));
    events.push(purchase('stranger'));
    expect((await send(events)).status).toBe(202);
    const results = await eventually(
      async () => (await t.api('GET', `${E}/experiments/results-test/results`)).body,
      (r) => r.units === 80 && r.variants?.[1]?.mean > 0.25,
    );
    expect(results).toMatchObject({
      experiment: 'results-test',
      status: 'running',
      method: 'welch-t',
      units: 80,
      excludedUnits: 1,
      primaryMetric: 'purchase',
      srm: { mismatch: false, observed: { off: 40, on: 40 } },
    });
    const [control, treatment] = results.variants;
    expect(control).toMatchObject({ variant: 'off', units: 40, mean: 0.1, effect: null, pValue: null });
    expect(treatment).toMatchObject({ variant: 'on', units: 40, mean: 0.3 });
    expect(treatment.effect).toBeCloseTo(0.2, 12);
    expect(treatment.relativeEffect).toBeCloseTo(2, 12);
    // scipy.stats.ttest_ind([1]*4+[0]*36, [1]*12+[0]*28, equal_var=False).pvalue
    expect(treatment.pValue).toBeCloseTo(0.025763, 5);
    expect(results.warnings).toEqual([
      expect.stringContaining('1 units were exposed to more than one variant'),
    ]);
  });
});
