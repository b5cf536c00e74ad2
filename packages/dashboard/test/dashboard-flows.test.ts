import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADMIN_TOKEN,
  type Harness,
  nav,
  openPage,
  screenshot,
  signIn,
  startHarness,
  type WatchedPage,
} from './support/dashboard-harness.js';

// A real browser on a shared 2-core machine: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// The flows, end to end in Chromium against a real server: each step clicks and types as a
// person would (by accessible name) and checks the result through the admin API as well.

const ENV = '/projects/default/environments';
let harness: Harness | null;
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  harness = await startHarness('@switchyard/dashboard end-to-end flows');
  if (!harness) return;
  watched = await openPage(harness);
  page = watched.page;
});

afterAll(async () => {
  await harness?.close();
});

describe.runIf(() => harness !== null)('dashboard flows', () => {
  it('refuses a wrong token, then signs in with the admin token; the token stays out of storage', async () => {
    const h = harness!;
    await page.goto(`${h.url}/`);
    await page.getByLabel('Admin token').fill('sy_admin_not-a-real-token-0000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/token|unauthori[sz]ed/i);
    await signIn(page, h.url, ADMIN_TOKEN);
    for (const name of ['Flags', 'Segments', 'Rollouts', 'Experiments', 'Audit log', 'Settings']) {
      await expect(
        page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).count(),
      ).resolves.toBe(1);
    }
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(stored).not.toContain(ADMIN_TOKEN);
    const cookies = await watched.context.cookies();
    const session = cookies.find((c) => c.name === 'switchyard_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.value).not.toContain(ADMIN_TOKEN);
    await screenshot(page, 'sign-in-done-flags');
  });

  it('creates a flag, checking the key against the naming rule while it is typed', async () => {
    await page.getByRole('button', { name: 'New flag' }).click();
    const form = page.getByRole('form', { name: 'New flag' });
    const key = form.getByLabel('Key', { exact: true });
    await key.fill('New Checkout');
    await expect.poll(() => page.locator('#new-flag-key-help').textContent()).toContain('Try "new-checkout"');
    expect(await page.getByRole('button', { name: 'Create flag' }).isDisabled()).toBe(true);
    await key.fill('new-checkout');
    await form.getByLabel('Owner').fill('checkout-team');
    await page.getByRole('button', { name: 'Create flag' }).click();
    await page.getByRole('heading', { name: 'new-checkout', level: 1 }).waitFor();
    const flag = await harness!.api('GET', '/projects/default/flags/new-checkout');
    expect(flag.status).toBe(200);
    expect(flag.body.owner).toBe('checkout-team');
    expect(Object.keys(flag.body.variants).sort()).toEqual(['off', 'on']);
  });

  it('builds a rule with the builder and shows the same rule as JSON; preview evaluates it with explain', async () => {
    await page.getByLabel('Environment', { exact: true }).selectOption('production');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 1, condition 1: attribute').fill('email');
    await page.getByLabel('Rule 1, condition 1: operator').selectOption('ends_with');
    await page.getByLabel('Rule 1, condition 1: value').fill('@example.com');
    await page.getByLabel('Rule 1 serves').selectOption('variant:on');
    const json = page.getByLabel('Targeting JSON');
    await expect
      .poll(async () => JSON.parse(await json.inputValue()))
      .toEqual({ if: [{ ends_with: [{ var: 'email' }, '@example.com'] }, 'on'] });
    expect(await page.locator('.validation').textContent()).toContain('Valid flagd targeting');

    // The preview evaluates the unsaved draft with core (the flag is still off: DISABLED).
    const context = page.getByLabel('Evaluation context (JSON)');
    await context.fill('{"targetingKey": "u1", "email": "ana@example.com"}');
    await expect
      .poll(() => page.getByRole('region', { name: 'Preview result' }).textContent())
      .toContain('DISABLED');

    // Broken JSON Logic typed by hand is refused as it is typed, naming the place.
    await json.fill('{"if": [{"ends_with": [{"var": "email"}, "@example.com"]}, "maybe"]}');
    await expect.poll(() => page.locator('.validation').textContent()).toMatch(/maybe/);
    expect(await page.getByRole('button', { name: 'Save targeting' }).isDisabled()).toBe(true);
    await json.fill('{"if": [{"ends_with": [{"var": "email"}, "@example.com"]}, "on", "off"]}');
    await expect.poll(() => page.getByLabel('Everyone else gets').inputValue()).toBe('variant:off');
    await page.getByRole('button', { name: 'Save targeting' }).click();
    await page.getByText('Saved the targeting of new-checkout in production.').waitFor();
    const config = await harness!.api('GET', `${ENV}/production/flags/new-checkout`);
    expect(config.body.targeting).toEqual({
      if: [{ ends_with: [{ var: 'email' }, '@example.com'] }, 'on', 'off'],
    });
  });

  it('turns the flag on in production after a confirmation, and the preview follows', async () => {
    const toggle = page.getByRole('switch', { name: 'Enabled in production' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await harness!.api('GET', `${ENV}/production/flags/new-checkout`)).body.state).toBe('DISABLED');
    await toggle.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Turn on in production' }).click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    expect((await harness!.api('GET', `${ENV}/production/flags/new-checkout`)).body.state).toBe('ENABLED');
    const preview = page.getByRole('region', { name: 'Preview result' });
    await page
      .getByLabel('Evaluation context (JSON)')
      .fill('{"targetingKey": "u1", "email": "ana@example.com"}');
    await expect.poll(() => preview.textContent()).toMatch(/variant on.*TARGETING_MATCH/);
    await page
      .getByLabel('Evaluation context (JSON)')
      .fill('{"targetingKey": "u2", "email": "bo@elsewhere.org"}');
    await expect.poll(() => preview.textContent()).toMatch(/variant off/);
    // Usage per variant over time, from the server's telemetry (none reported yet in this test).
    await page
      .getByRole('img', { name: 'Evaluations per variant over the last 24 hours in production' })
      .waitFor();
    expect(await page.getByRole('region', { name: 'Usage in production' }).textContent()).toContain(
      'No evaluations reported in the last 24 hours.',
    );
    await screenshot(page, 'flag');
  });

  it('finds the change in the flag history and in the audit log, with its diff', async () => {
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('flag-config.update').first().click();
    await expect.poll(() => history.textContent()).toContain('"ENABLED"');
    await nav(page, 'Audit log').click();
    await page.getByLabel('Flag').fill('new-checkout');
    const entry = page
      .locator('.audit li')
      .filter({ hasText: 'environments/production/flags/new-checkout' })
      .first();
    await entry.locator('summary').click();
    const diff = entry.getByRole('table');
    await expect.poll(() => diff.textContent()).toMatch(/\/state.*"DISABLED".*"ENABLED"/);
    await screenshot(page, 'audit-log');
  });

  it('shows a change made elsewhere without a reload', async (test) => {
    const stream = await fetch(`${harness!.server.url}/api/v1/changes`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      signal: AbortSignal.timeout(2_000),
    }).catch(() => undefined);
    await stream?.body?.cancel().catch(() => undefined);
    if (stream?.status === 404) {
      console.warn('skipped: this server has no GET /api/v1/changes stream yet');
      test.skip();
    }
    await nav(page, 'Flags').click();
    await page.getByRole('link', { name: 'new-checkout' }).waitFor();
    const created = await harness!.api('POST', '/projects/default/flags', {
      key: 'made-by-api',
      variants: { on: true, off: false },
    });
    expect(created.status).toBe(201);
    await page.getByRole('link', { name: 'made-by-api' }).waitFor({ timeout: 10_000 });

    // A change to one flag fetches that flag only, not the whole list again.
    const lists: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes('/flags?view=summary')) lists.push(request.url());
    };
    page.on('request', onRequest);
    const row = page.locator('li.flag-row').filter({ has: page.getByRole('link', { name: 'made-by-api' }) });
    await expect.poll(() => row.textContent()).toContain('production: off');
    const enabled = await harness!.api('PATCH', `${ENV}/production/flags/made-by-api`, { state: 'ENABLED' });
    expect(enabled.status).toBe(200);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('production: on');
    const renamed = await harness!.api('PATCH', '/projects/default/flags/made-by-api', {
      owner: 'team-live',
    });
    expect(renamed.status).toBe(200);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('team-live');
    const deleted = await harness!.api('DELETE', '/projects/default/flags/made-by-api');
    expect(deleted.status).toBe(204);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await page.getByRole('link', { name: 'new-checkout' }).waitFor();
    page.off('request', onRequest);
    expect(lists).toEqual([]);
  });

  it('starts a rollout with a preview of the planned weights, then rolls it back', async () => {
    await nav(page, 'Rollouts').click();
    await page.getByLabel('Environment', { exact: true }).selectOption('production');
    await page.getByRole('button', { name: 'New rollout' }).click();
    await page.getByLabel('Flag', { exact: true }).selectOption('new-checkout');
    await page.getByLabel('Variant to roll out').selectOption('on');
    await page.getByLabel('Control').selectOption('off');
    await page.getByRole('img', { name: 'Planned weights over time' }).waitFor();
    await expect
      .poll(() => page.locator('figcaption').first().textContent())
      .toMatch(/steps from 1% to 100%/);
    await page.getByLabel('Start %').fill('0');
    await expect
      .poll(() => page.getByRole('list', { name: 'Plan problems' }).textContent())
      .toContain('/schedule/start');
    await page.getByLabel('Start %').fill('5');
    await screenshot(page, 'rollout-start');
    await page.getByRole('button', { name: 'Start rollout' }).click();
    await page.getByRole('img', { name: 'Rollout timeline: weight over time' }).waitFor();
    await expect.poll(() => page.locator('.status-line').textContent()).toMatch(/running.*5%/);
    await page.getByRole('heading', { name: 'Guardrails' }).waitFor();
    await screenshot(page, 'rollout');
    await page.getByRole('button', { name: 'Roll back' }).click();
    await expect.poll(() => page.locator('.status-line').textContent()).toContain('rolled-back');
    const list = await harness!.api('GET', `${ENV}/production/rollouts`);
    expect(list.body.rollouts[0].status).toBe('rolled-back');
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('rollback');
  });

  it('starts a rollout with a ring and two guardrails from the form; the server gets exactly that plan', async () => {
    const h = harness!;
    for (const answer of [
      await h.api('POST', `${ENV}/production/segments`, {
        key: 'staff',
        rule: { ends_with: [{ var: 'email' }, '@acme.test'] },
      }),
      await h.api('POST', `${ENV}/production/segments`, { key: 'contractors', rule: { '==': [1, 1] } }),
      await h.api('POST', '/projects/default/flags', {
        key: 'search-v2',
        variants: { on: true, off: false },
      }),
    ])
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    await nav(page, 'Rollouts').click();
    await page.getByLabel('Environment', { exact: true }).selectOption('production');
    await page.getByRole('button', { name: 'New rollout' }).click();
    await page.getByLabel('Flag', { exact: true }).selectOption('search-v2');
    await page.getByLabel('Variant to roll out').selectOption('on');
    await page.getByLabel('Control', { exact: true }).selectOption('off');
    await page.getByLabel('Shape').selectOption('linear');
    await page.getByLabel('Start %').fill('10');
    await page.getByLabel('Step %').fill('45');
    await page.getByLabel('Interval per step').fill('30m');

    // A bad threshold is named at its own field as it is typed, and the rollout cannot start.
    const max = page.getByLabel('Guardrail 1: max');
    await max.fill('1.5');
    await expect.poll(() => max.getAttribute('aria-invalid')).toBe('true');
    const described = (await max.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe(
      'guardrails[0].max is an error rate and must be in [0, 1], got 1.5',
    );
    expect(await page.getByRole('button', { name: 'Start rollout' }).isDisabled()).toBe(true);
    await max.fill('0.02');
    await expect.poll(() => max.getAttribute('aria-invalid')).toBeNull();

    await page.getByRole('button', { name: 'Add Prometheus guardrail' }).click();
    // The new guardrail's first field has the focus, so typing goes on from the keyboard.
    const query = page.getByLabel('Guardrail 2: Prometheus query');
    await expect.poll(() => query.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('sum(rate(search_errors_total{variant="{{variant}}"}[5m]))');
    await page.getByLabel('Guardrail 2: max').fill('3');
    await page.getByLabel('Guardrail 2: on breach').selectOption('pause');

    await page.getByRole('button', { name: 'Add ring' }).click();
    await page.getByLabel('Ring 1: name').fill('employees');
    await page.getByLabel('Ring 1: segment').selectOption('staff');
    await page.getByRole('button', { name: 'Add ring' }).click();
    await page.getByLabel('Ring 2: segment').selectOption('contractors');
    await page.getByLabel('Ring 2: name').fill('contractors');
    await page.getByRole('button', { name: 'Move ring 2 up' }).click();
    expect(await page.getByLabel('Ring 1: name').inputValue()).toBe('contractors');
    await page.getByRole('button', { name: 'Move ring 1 down' }).click();
    expect(await page.getByLabel('Ring 1: name').inputValue()).toBe('employees');
    await expect
      .poll(() => page.locator('figcaption').first().textContent())
      .toBe('2 ring steps (employees, contractors), then 3 steps from 10% to 100%.');

    // A segment deleted meanwhile: the server refuses, and its error is shown at the ring's segment.
    expect((await h.api('DELETE', `${ENV}/production/segments/contractors`)).status).toBe(204);
    // Browsers send header values as Latin-1 only: this reason travels RFC 8187-encoded.
    await page.getByLabel('Reason (audit trail)').fill('SHOP-7 search ramp — 検索');
    await page.getByRole('button', { name: 'Start rollout' }).click();
    const segment = page.getByLabel('Ring 2: segment');
    await expect.poll(() => segment.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`[id="${await segment.getAttribute('aria-describedby')}"]`).textContent()).toBe(
      'segment "contractors" does not exist in environment "production"',
    );
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('contractors');
    await page.getByRole('button', { name: 'Remove ring 2' }).click();
    await expect
      .poll(() => page.locator('figcaption').first().textContent())
      .toBe('1 ring step (employees), then 3 steps from 10% to 100%.');
    await screenshot(page, 'rollout-start-rings-guardrails');

    await page.getByRole('button', { name: 'Start rollout' }).click();
    await page.getByRole('heading', { name: 'Rollout of search-v2 → on in production', level: 1 }).waitFor();
    const list = await h.api('GET', `${ENV}/production/rollouts`);
    const started = list.body.rollouts.find((r: { flag: string }) => r.flag === 'search-v2');
    const rollout = await h.api('GET', `${ENV}/production/rollouts/${started.id}`);
    expect(rollout.body.plan).toEqual({
      variant: 'on',
      control: 'off',
      schedule: { shape: 'linear', start: 10, step: 45, interval: '30m' },
      rings: [{ name: 'employees', segment: 'staff' }],
      guardrails: [
        { metric: 'error-rate', max: 0.02, onBreach: 'rollback' },
        {
          prometheus: 'sum(rate(search_errors_total{variant="{{variant}}"}[5m]))',
          max: 3,
          onBreach: 'pause',
        },
      ],
      minSamples: 100,
    });
    expect(rollout.body.steps.map((s: { kind: string; weight: number }) => [s.kind, s.weight])).toEqual([
      ['ring', 0],
      ['percentage', 10],
      ['percentage', 55],
      ['percentage', 100],
    ]);
    const audit = await h.api('GET', '/audit?project=default&limit=20');
    const start = audit.body.entries.find((e: { action: string }) => e.action === 'rollout.start');
    expect(start?.reason).toBe('SHOP-7 search ramp — 検索');
  });

  it('edits a variant value and adds a variant on the flag screen; refuses removing the default', async () => {
    const h = harness!;
    const created = await h.api('POST', '/projects/default/flags', {
      key: 'banner-text',
      variants: { short: 'Buy', long: 'Buy now' },
    });
    expect(created.status).toBe(201);
    await nav(page, 'Flags').click();
    await page.getByRole('link', { name: 'banner-text', exact: true }).click();
    await page.getByRole('heading', { name: 'banner-text', level: 1 }).waitFor();
    const save = page.getByRole('button', { name: 'Save variants' });
    expect(await save.isDisabled()).toBe(true);

    // "short" is the default variant of every environment: removing it is refused, naming one.
    await page.getByRole('button', { name: 'Remove variant 1' }).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Variant problems' }).textContent())
      .toMatch(
        /cannot remove "short": it is the default variant in environment "(development|production|staging)"/,
      );
    expect(await save.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Discard variant changes' }).click();

    await page.getByLabel('Variant 2: value').fill('Buy it now');
    await page.getByRole('button', { name: 'Add variant' }).click();
    await page.getByLabel('Variant 3: name').fill('bold');
    await page.getByLabel('Variant 3: value').fill('BUY');
    await save.click();
    await page.getByText('Saved the variants of banner-text.').waitFor();
    const flag = await h.api('GET', '/projects/default/flags/banner-text');
    expect(flag.body.variants).toEqual({ short: 'Buy', long: 'Buy it now', bold: 'BUY' });
    // The table shows what the server now has.
    await expect.poll(() => page.getByLabel('Variant 3: name').inputValue()).toBe('bold');
    expect(await save.isDisabled()).toBe(true);
    await screenshot(page, 'flag-variants');
  });

  it('keeps unsaved variant edits when the flag changes elsewhere, and says so when its variants did', async () => {
    const h = harness!;
    const created = await h.api('POST', '/projects/default/flags', {
      key: 'hero-copy',
      variants: { plain: 'Welcome', loud: 'WELCOME' },
    });
    expect(created.status).toBe(201);
    await nav(page, 'Flags').click();
    await page.getByRole('link', { name: 'hero-copy', exact: true }).click();
    await page.getByRole('heading', { name: 'hero-copy', level: 1 }).waitFor();
    const save = page.getByRole('button', { name: 'Save variants' });
    const value2 = page.getByLabel('Variant 2: value');
    await value2.fill('WELCOME!');

    // A change that leaves the variants alone: the edit stays and can still be saved.
    const described = await h.api('PATCH', '/projects/default/flags/hero-copy', { description: 'Hero text' });
    expect(described.status, JSON.stringify(described.body)).toBe(200);
    await page.getByText('Hero text', { exact: true }).waitFor();
    expect(await value2.inputValue()).toBe('WELCOME!');
    expect(await save.isDisabled()).toBe(false);

    // Someone else changes the variants: the edit is kept, saving waits, and the screen says why.
    const changed = await h.api('PATCH', '/projects/default/flags/hero-copy', {
      variants: { plain: 'Hello', loud: 'WELCOME' },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const warning = page.getByRole('status').filter({ hasText: 'were changed elsewhere' });
    await expect.poll(() => warning.textContent()).toContain(`now version ${changed.body.version}`);
    expect(await value2.inputValue()).toBe('WELCOME!');
    expect(await page.getByLabel('Variant 1: value').inputValue()).toBe('Welcome');
    expect(await save.isDisabled()).toBe(true);

    // Discarding starts over from the variants the server has now.
    await page.getByRole('button', { name: 'Discard variant changes' }).click();
    expect(await page.getByLabel('Variant 1: value').inputValue()).toBe('Hello');
    expect(await value2.inputValue()).toBe('WELCOME');
    expect(await warning.count()).toBe(0);
    await value2.fill('WELCOME!!');
    await save.click();
    await page.getByText('Saved the variants of hero-copy.').waitFor();
    expect((await h.api('GET', '/projects/default/flags/hero-copy')).body.variants).toEqual({
      plain: 'Hello',
      loud: 'WELCOME!!',
    });
    await expect.poll(() => save.isDisabled()).toBe(true);
    expect(await warning.count()).toBe(0);
  });

  it('keeps unsaved targeting edits when the flag changes elsewhere, and says so when its targeting did', async () => {
    const h = harness!;
    const created = await h.api('POST', '/projects/default/flags', {
      key: 'promo-strip',
      variants: { on: true, off: false },
    });
    expect(created.status).toBe(201);
    await nav(page, 'Flags').click();
    await page.getByRole('link', { name: 'promo-strip', exact: true }).click();
    await page.getByRole('heading', { name: 'promo-strip', level: 1 }).waitFor();
    await page.getByLabel('Environment', { exact: true }).selectOption('development');
    const save = page.getByRole('button', { name: 'Save targeting' });
    const defaultVariant = page.getByLabel('Default variant');
    const saved = (await h.api('GET', `${ENV}/development/flags/promo-strip`)).body.defaultVariant as string;
    const other = saved === 'on' ? 'off' : 'on';
    await defaultVariant.selectOption(other);
    expect(await save.isDisabled()).toBe(false);

    // The flag is switched on elsewhere: the edit stays and can still be saved.
    expect((await h.api('PATCH', `${ENV}/development/flags/promo-strip`, { state: 'ENABLED' })).status).toBe(
      200,
    );
    await expect
      .poll(async () => (await h.api('GET', `${ENV}/development/flags/promo-strip`)).body.state)
      .toBe('ENABLED');
    await expect
      .poll(() => page.getByRole('switch', { name: 'Enabled in development' }).getAttribute('aria-checked'))
      .toBe('true');
    expect(await defaultVariant.inputValue()).toBe(other);
    expect(await save.isDisabled()).toBe(false);

    // Someone else changes the targeting: the edit is kept, saving waits, and the screen says why.
    const rule = { if: [{ '==': [{ var: 'plan' }, 'pro'] }, 'on', null] };
    expect((await h.api('PATCH', `${ENV}/development/flags/promo-strip`, { targeting: rule })).status).toBe(
      200,
    );
    const warning = page.getByRole('status').filter({ hasText: 'was changed elsewhere' });
    await expect.poll(() => warning.count()).toBe(1);
    expect(await defaultVariant.inputValue()).toBe(other);
    expect(await save.isDisabled()).toBe(true);

    // Discarding starts over from what is saved now; an edit from there saves.
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await defaultVariant.inputValue()).toBe(saved);
    expect(await warning.count()).toBe(0);
    await defaultVariant.selectOption(other);
    await save.click();
    await page.getByText('Saved the targeting of promo-strip in development.').waitFor();
    const config = (await h.api('GET', `${ENV}/development/flags/promo-strip`)).body;
    expect(config).toMatchObject({ state: 'ENABLED', defaultVariant: other, targeting: rule });
    await expect.poll(() => save.isDisabled()).toBe(true);
  });

  it('plans, creates and starts an experiment, then reads its results with intervals', async () => {
    const h = harness!;
    await h.api('POST', '/projects/default/flags', {
      key: 'buy-button',
      variants: { blue: 'blue', green: 'green' },
    });
    await h.api('PATCH', `${ENV}/production/flags/buy-button`, { state: 'ENABLED' });
    await nav(page, 'Experiments').click();
    await page.getByLabel('Environment', { exact: true }).selectOption('production');
    await page.getByLabel('Baseline conversion %').fill('5');
    await page.getByLabel('Minimum detectable effect (relative %)').fill('10');
    await expect
      .poll(() => page.getByRole('status', { name: 'Sample size' }).textContent())
      .toContain('31,231');
    await page.getByRole('button', { name: 'New experiment' }).click();
    await page.getByLabel('Experiment key').fill('button-colour');
    await page.getByLabel('Flag', { exact: true }).selectOption('buy-button');
    await page.getByLabel('Control variant').selectOption('blue');
    await page.getByRole('button', { name: 'Create experiment' }).click();
    await page.getByRole('button', { name: 'Start experiment' }).click();
    await page.getByRole('button', { name: 'Stop experiment' }).waitFor();

    const key = await h.api('POST', `${ENV}/production/sdk-keys`, { name: 'events', kind: 'server' });
    const now = Date.now();
    const events: unknown[] = [];
    for (let i = 0; i < 400; i++) {
      const variant = i % 2 === 0 ? 'blue' : 'green';
      events.push({ kind: 'exposure', flag: 'buy-button', variant, targetingKey: `u${i}`, timestamp: now });
      if (i % (variant === 'blue' ? 10 : 4) === 0)
        events.push({ kind: 'track', name: 'purchase', targetingKey: `u${i}`, timestamp: now + 1 });
    }
    const sent = await fetch(`${h.server.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key.body.key },
      body: JSON.stringify({ events }),
    });
    expect(sent.status).toBe(202);
    await expect
      .poll(
        async () => (await h.api('GET', `${ENV}/production/experiments/button-colour/results`)).body.units,
        {
          timeout: 20_000,
          interval: 500,
        },
      )
      .toBe(400);
    await page.reload();
    const results = page.getByRole('table', { name: 'Primary metric per variant' });
    await expect.poll(() => results.textContent(), { timeout: 10_000 }).toMatch(/green200/);
    await page
      .getByRole('img', { name: 'Relative effect against control with confidence intervals' })
      .waitFor();
    expect(await page.locator('.progress-block progress').count()).toBe(2);
    await screenshot(page, 'experiment');
  });

  it('creates an SDK key shown once, then revokes it', async () => {
    await nav(page, 'Settings').click();
    await page.getByLabel('Environment', { exact: true }).selectOption('production');
    await page.getByLabel('Key name').fill('web-shop');
    await page.getByLabel('Kind').selectOption('client');
    await page.getByRole('button', { name: 'Create SDK key' }).click();
    const secret = await page
      .getByRole('status')
      .filter({ hasText: 'shown only once' })
      .locator('code')
      .textContent();
    expect(secret).toMatch(/^sy_client_/);
    const ofrep = await fetch(`${harness!.server.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ context: { targetingKey: 'u1' } }),
    });
    expect(ofrep.status).toBe(200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByText(secret!).count()).toBe(0);
    await page.getByRole('button', { name: 'Revoke web-shop' }).click();
    await expect.poll(() => page.getByRole('row', { name: /web-shop/ }).textContent()).toContain('revoked');
    const refused = await fetch(`${harness!.server.url}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ context: { targetingKey: 'u1' } }),
    });
    expect([401, 403]).toContain(refused.status);
  });

  it('creates an admin token shown once that signs in with its role, then revokes it', async () => {
    await page.getByLabel('Token name').fill('release-viewer');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByRole('button', { name: 'Create admin token' }).click();
    const secret = await page
      .getByRole('status')
      .filter({ hasText: 'shown only once' })
      .locator('code')
      .textContent();
    expect(secret).toMatch(/^sy_admin_/);
    const whoAmI = (token: string | null) =>
      fetch(`${harness!.server.url}/api/v1/projects`, { headers: { authorization: `Bearer ${token}` } });
    expect((await whoAmI(secret)).status).toBe(200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByText(secret!).count()).toBe(0);
    const row = page.getByRole('row', { name: /release-viewer/ });
    expect(await row.textContent()).toContain('viewer');
    await page.getByRole('button', { name: 'Revoke token release-viewer' }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
    expect((await whoAmI(secret)).status).toBe(401);
  });

  it('signs out: the session ends and the sign-in form is back', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    expect(watched.problems).toEqual([]);
  });
});
