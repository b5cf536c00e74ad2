import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADMIN_TOKEN,
  type Harness,
  nav,
  openPage,
  screenshot,
  seriousViolations,
  settled,
  signIn,
  startHarness,
  type WatchedPage,
} from './support/dashboard-harness.js';

// A real browser on a shared 2-core machine: steps take seconds, not milliseconds.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// Issue 11's approval flow, end to end in Chromium against a real server: an admin puts an approval
// policy on production in Settings; Ana (editor) turns a flag on in production and gets a change
// request instead of a change; Ben (another editor, in his own browser context) reviews its diff,
// approves and applies it; an SDK (OFREP, with an SDK key) sees the new value only after the apply.

const PRODUCTION = '/projects/default/environments/production';
const REQUESTS = '/projects/default/change-requests';
let harness: Harness | null;
const tokens: Record<'ana' | 'ben', string> = { ana: '', ben: '' };
let sdkKey = '';
let requestId = '';
let ana: WatchedPage;
let ben: WatchedPage;

/** What an application using the production SDK key gets for `checkout` (OFREP, as an SDK asks). */
async function evaluateCheckout(): Promise<{ status: number; value: unknown; reason: unknown }> {
  const response = await fetch(`${harness!.url}/ofrep/v1/evaluate/flags/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': sdkKey },
    body: JSON.stringify({ context: { targetingKey: 'user-1' } }),
  });
  const body = (await response.json()) as { value?: unknown; reason?: unknown };
  return { status: response.status, value: body.value, reason: body.reason };
}

async function productionState(): Promise<string> {
  return (await harness!.api('GET', `${PRODUCTION}/flags/checkout`)).body.state;
}

async function checkScreen(page: Page, name: string): Promise<void> {
  await settled(page);
  const violations = await seriousViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  await screenshot(page, name);
}

beforeAll(async () => {
  harness = await startHarness('@switchyard/dashboard change requests');
  if (!harness) return;
  const { api } = harness;
  const flag = await api('POST', '/projects/default/flags', {
    key: 'checkout',
    variants: { on: true, off: false },
    defaultVariant: 'on',
  });
  expect(flag.status, JSON.stringify(flag.body)).toBe(201);
  for (const name of ['ana', 'ben'] as const) {
    const created = await api('POST', '/admin-tokens', { name, role: 'editor' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    tokens[name] = created.body.token;
  }
  const key = await api('POST', `${PRODUCTION}/sdk-keys`, { name: 'storefront', kind: 'server' });
  expect(key.status, JSON.stringify(key.body)).toBe(201);
  sdkKey = key.body.key;
});

afterAll(async () => {
  await harness?.close();
});

describe.runIf(() => harness !== null)('change requests in the dashboard', () => {
  it('an admin requires one approval in production from Settings', async () => {
    const admin = await openPage(harness!);
    try {
      const { page } = admin;
      await signIn(page, harness!.url, ADMIN_TOKEN);
      expect(
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents(),
      ).toEqual(['Flags', 'Segments', 'Rollouts', 'Experiments', 'Change requests', 'Audit log', 'Settings']);
      expect((await harness!.api('GET', `${PRODUCTION}/approval-policy`)).status).toBe(404);
      await nav(page, 'Settings').click();
      const form = page.getByRole('form', { name: 'Approval policy' });
      await form.waitFor();
      await form.getByLabel('Policy for').selectOption('production');
      await form.getByLabel('Required approvals').fill('1');
      await form.getByRole('checkbox', { name: 'editor' }).check();
      await form.getByRole('checkbox', { name: 'admin' }).check();
      await form.getByRole('button', { name: 'Save approval policy' }).click();
      await page.getByText('Changes to production now need approval.').waitFor();
      const policy = await harness!.api('GET', `${PRODUCTION}/approval-policy`);
      expect(policy.status).toBe(200);
      expect(policy.body).toMatchObject({
        requiredApprovals: 1,
        approverRoles: ['editor', 'admin'],
        allowEmergencyBypass: false,
      });
      const row = page.getByRole('row', { name: /^production/ });
      await expect.poll(() => row.textContent()).toContain('editor, admin');
      expect(
        (await harness!.api('GET', '/projects/default/environments/development/approval-policy')).status,
      ).toBe(404);
      await checkScreen(page, 'change-requests-settings-policy');
      expect(admin.problems).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });

  it('Ana turns the flag on in production: a change request opens, and the flag stays off', async () => {
    ana = await openPage(harness!);
    const { page } = ana;
    await signIn(page, harness!.url, tokens.ana);
    const before = await evaluateCheckout();
    expect(before.value).not.toBe(true);

    await page.goto(`${harness!.url}/flags/checkout`);
    const toggle = page.getByRole('switch', { name: 'Enabled in production' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Turn on in production' }).click();
    const status = page.getByRole('status');
    await expect
      .poll(() => status.textContent())
      .toContain('Not applied yet: changes in production need approval.');
    expect(await status.textContent()).not.toContain('is now on');

    const pending = await harness!.api('GET', `${REQUESTS}?status=pending`);
    expect(pending.body.changeRequests).toHaveLength(1);
    requestId = pending.body.changeRequests[0].id;
    expect(pending.body.changeRequests[0].requestedBy.name).toBe('ana');
    expect(await productionState()).toBe('DISABLED');
    expect(await evaluateCheckout()).toEqual(before);
    await settled(page);
    expect(await toggle.getAttribute('aria-checked')).toBe('false');

    // The notice links to the request.
    await status.getByRole('link', { name: `Change request ${requestId.slice(0, 8)}` }).click();
    await page.getByRole('heading', { name: `Change request ${requestId.slice(0, 8)}`, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/change-requests/${requestId}`);
    await checkScreen(page, 'change-request-requester');
    expect(ana.problems).toEqual([]);
  });

  it('Ana cannot approve her own request', async () => {
    const { page } = ana;
    const approve = page.getByRole('button', { name: 'Approve' });
    expect(await approve.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Reject' }).isDisabled()).toBe(true);
    const explanation = await approve.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${explanation}"]`).textContent()).toBe(
      'You requested this change: someone else has to approve or reject it.',
    );
    expect(await page.getByRole('button', { name: 'Apply', exact: true }).count()).toBe(0);
    // The server refuses it anyway.
    const refused = await harness!.api('POST', `${REQUESTS}/${requestId}/approve`, {}, tokens.ana);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('cannot review their own change request');
    expect((await harness!.api('GET', `${REQUESTS}/${requestId}`)).body.status).toBe('pending');
  });

  it('Ben sees the request and its diff, approves and applies it; the SDK sees the change only after the apply', async () => {
    ben = await openPage(harness!);
    const { page } = ben;
    await signIn(page, harness!.url, tokens.ben);
    await nav(page, 'Change requests').click();
    await page.getByRole('heading', { name: 'Change requests', level: 1 }).waitFor();
    await page.getByLabel('Status').selectOption('pending');
    const link = page.getByRole('link', { name: `Change request ${requestId.slice(0, 8)}` });
    await link.waitFor();
    const row = page.getByRole('row', { name: new RegExp(`Change request ${requestId.slice(0, 8)}`) });
    expect(await row.textContent()).toMatch(
      /flag-config\.update: checkout in production.*pending.*production.*0\/1.*ana/,
    );
    await checkScreen(page, 'change-requests-list');
    // Filtering by another status hides it.
    await page.getByLabel('Status').selectOption('applied');
    await page.getByText('No change requests match.').waitFor();
    expect(await link.count()).toBe(0);
    await page.getByLabel('Status').selectOption('');
    await link.click();

    await page.getByRole('heading', { name: `Change request ${requestId.slice(0, 8)}`, level: 1 }).waitFor();
    const diff = page.getByRole('table', { name: /^flag-config\.update of .*checkout: before and after$/ });
    const stateRow = diff.getByRole('row', { name: /\/state/ });
    await stateRow.waitFor();
    expect(await stateRow.getByRole('cell').allTextContents()).toEqual(['"DISABLED"', '"ENABLED"']);
    await checkScreen(page, 'change-request-reviewer');

    await page.getByLabel('Your comment').fill('Checked with QA');
    await page.getByRole('button', { name: 'Approve' }).click();
    const status = page.getByTestId('change-request-status');
    await expect.poll(() => status.textContent()).toBe('approved');
    const approved = await harness!.api('GET', `${REQUESTS}/${requestId}`);
    expect(approved.body).toMatchObject({ status: 'approved', approvals: [{ name: 'ben' }] });
    expect(approved.body.reviews.at(-1)).toMatchObject({ kind: 'approve', comment: 'Checked with QA' });
    // Approved is not applied: nothing changed for the SDK yet.
    expect(await productionState()).toBe('DISABLED');
    expect((await evaluateCheckout()).value).not.toBe(true);
    expect(await page.getByRole('region', { name: 'Approvals and comments' }).textContent()).toContain(
      'ben (editor) approved: Checked with QA',
    );

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => status.textContent()).toBe('applied');
    await page.getByText('Applied: the change is live.').waitFor();
    expect(await productionState()).toBe('ENABLED');
    await expect.poll(async () => (await evaluateCheckout()).value).toBe(true);
    await screenshot(page, 'change-request-applied');

    // Ana's screen follows live (the changes stream), without a reload.
    await expect.poll(() => ana.page.getByTestId('change-request-status').textContent()).toBe('applied');
    expect(await ana.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(ana.problems).toEqual([]);
    expect(ben.problems).toEqual([]);
  });

  it('Ben comments on a request and schedules its apply; it waits for an approval', async () => {
    const held = await harness!.api(
      'PATCH',
      `${PRODUCTION}/flags/checkout`,
      { defaultVariant: 'off' },
      tokens.ana,
    );
    expect(held.status).toBe(202);
    const id: string = held.body.changeRequest.id;
    const { page } = ben;
    await page.goto(`${harness!.url}/change-requests/${id}`);
    await page.getByRole('heading', { name: `Change request ${id.slice(0, 8)}`, level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Comment' }).isDisabled()).toBe(true);
    await page.getByLabel('Your comment').fill('Why before the sale?');
    await page.getByRole('button', { name: 'Comment' }).click();
    await page.getByText('Comment added.').waitFor();
    await expect
      .poll(() => page.getByRole('region', { name: 'Approvals and comments' }).textContent())
      .toContain('ben commented: Why before the sale?');

    await page.getByLabel('Apply at (your time zone)').fill('2030-01-01T09:00');
    await page.getByRole('button', { name: 'Schedule apply' }).click();
    const expected = await page.evaluate(() => new Date('2030-01-01T09:00').toISOString());
    await expect
      .poll(async () => (await harness!.api('GET', `${REQUESTS}/${id}`)).body.applyAt)
      .toSatisfy((at: string | null) => at !== null && Date.parse(at) === Date.parse(expected));
    const shown = await harness!.api('GET', `${REQUESTS}/${id}`);
    expect(shown.body).toMatchObject({
      status: 'pending',
      reviews: [{ kind: 'comment', comment: 'Why before the sale?' }],
    });
    await expect.poll(() => page.locator('.facts').textContent()).toContain('(once approved)');
    expect((await harness!.api('GET', `${PRODUCTION}/flags/checkout`)).body.defaultVariant).toBe('on');

    // The schedule can be cleared again: the request then waits to be applied by hand.
    await page.getByRole('button', { name: 'Clear schedule' }).click();
    await page.getByText('The scheduled apply was cleared: apply it by hand.').waitFor();
    expect((await harness!.api('GET', `${REQUESTS}/${id}`)).body).toMatchObject({
      status: 'pending',
      applyAt: null,
    });
    await expect.poll(() => page.locator('.facts').textContent()).not.toContain('Apply at');
    expect(await page.getByRole('button', { name: 'Clear schedule' }).count()).toBe(0);
    // Withdrawn by its requester, so the next test starts with no open request of hers.
    expect((await harness!.api('POST', `${REQUESTS}/${id}/cancel`, {}, tokens.ana)).status).toBe(200);
  });

  it('Ana starts a rollout in production: held as a change request, no rollout yet', async () => {
    const { page } = ana;
    await page.goto(`${harness!.url}/rollouts`);
    await page.getByLabel('Environment', { exact: true }).selectOption('production');
    await page.getByRole('button', { name: 'New rollout' }).click();
    await page.getByLabel('Flag', { exact: true }).selectOption('checkout');
    await page.getByLabel('Variant to roll out').selectOption('on');
    await page.getByLabel('Control', { exact: true }).selectOption('off');
    await page.getByRole('img', { name: 'Planned weights over time' }).waitFor();
    await page.getByRole('button', { name: 'Start rollout' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Not applied yet' });
    await expect.poll(() => status.textContent()).toContain('changes in production need approval.');
    const held = (await harness!.api('GET', `${REQUESTS}?status=pending`)).body.changeRequests.find(
      (r: { command: { action: string } }) => r.command.action === 'rollout.start',
    );
    expect(held?.requestedBy.name).toBe('ana');
    expect((await harness!.api('GET', `${PRODUCTION}/rollouts`)).body.rollouts).toEqual([]);
    // The form stays (nothing started): the notice links to the request instead of a rollout.
    expect(new URL(page.url()).pathname).toBe('/rollouts');
    await status.getByRole('link', { name: `Change request ${held.id.slice(0, 8)}` }).waitFor();
    expect((await harness!.api('POST', `${REQUESTS}/${held.id}/cancel`, {}, tokens.ana)).status).toBe(200);
    expect(ana.problems).toEqual([]);
  });

  it('applying a request whose plan no longer matches the flags is refused with a clear 412; the requester edits it to re-plan', async () => {
    const change = (body: unknown) => harness!.api('PATCH', `${PRODUCTION}/flags/checkout`, body, tokens.ana);
    const first = await change({ defaultVariant: 'off' });
    const second = await change({ targeting: { if: [{ '==': [{ var: 'tier' }, 'gold'] }, 'on', 'off'] } });
    expect([first.status, second.status]).toEqual([202, 202]);
    const [one, two] = [first.body.changeRequest.id, second.body.changeRequest.id];
    for (const id of [one, two]) {
      expect((await harness!.api('POST', `${REQUESTS}/${id}/approve`, {}, tokens.ben)).status).toBe(200);
    }
    expect((await harness!.api('POST', `${REQUESTS}/${one}/apply`, {}, tokens.ana)).status).toBe(200);
    const applied = await harness!.api('GET', `${PRODUCTION}/flags/checkout`);

    const { page } = ben;
    await page.goto(`${harness!.url}/change-requests/${two}`);
    await page.getByRole('heading', { name: `Change request ${two.slice(0, 8)}`, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/^Refused \(412 Precondition Failed\): .*checkout/);
    expect(await alert.textContent()).toContain('Nothing was changed.');
    expect((await harness!.api('GET', `${REQUESTS}/${two}`)).body.status).toBe('approved');
    expect((await harness!.api('GET', `${PRODUCTION}/flags/checkout`)).body).toEqual(applied.body);
    await screenshot(page, 'change-request-conflict');

    // Ana edits it: re-planned from the flags as they are now, as a new revision whose approvals
    // start again; approved anew, it applies.
    const requester = ana.page;
    await requester.goto(`${harness!.url}/change-requests/${two}`);
    await requester.getByRole('heading', { name: `Change request ${two.slice(0, 8)}`, level: 1 }).waitFor();
    await requester.getByText('Edit the change (re-plans it; approvals start again)').click();
    const command = requester.getByLabel('Command (JSON)');
    const edited = JSON.parse(await command.inputValue());
    expect(edited.payload.targeting).toEqual({ if: [{ '==': [{ var: 'tier' }, 'gold'] }, 'on', 'off'] });
    edited.payload.targeting = { if: [{ '==': [{ var: 'tier' }, 'platinum'] }, 'on', 'off'] };
    await command.fill(JSON.stringify(edited, null, 2));
    await requester.getByRole('button', { name: 'Save and re-plan' }).click();
    await requester.getByText('Re-planned as a new revision: earlier approvals no longer count.').waitFor();
    const replanned = (await harness!.api('GET', `${REQUESTS}/${two}`)).body;
    expect(replanned).toMatchObject({ status: 'pending', revision: 2, approvals: [] });

    await expect.poll(() => page.getByTestId('change-request-status').textContent()).toBe('pending');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByTestId('change-request-status').textContent()).toBe('approved');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByTestId('change-request-status').textContent()).toBe('applied');
    expect((await harness!.api('GET', `${PRODUCTION}/flags/checkout`)).body.targeting).toEqual({
      if: [{ '==': [{ var: 'tier' }, 'platinum'] }, 'on', 'off'],
    });
    expect(ana.problems).toEqual([]);
    // The one console error is the browser logging the refused apply.
    expect(ben.problems).toEqual([
      'Failed to load resource: the server responded with a status of 412 (Precondition Failed)',
    ]);
  });
});
