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

// Every screen, as an admin and as a viewer: it renders against a real server under the strict CSP
// with no console error, axe-core finds no serious or critical violation, a screenshot is kept,
// and a viewer gets no control that would change anything.

const ENV = '/projects/default/environments/production';
let harness: Harness | null;
let viewerToken = '';
let changeRequestId = '';

const SCREENS: { name: string; open: (page: Page) => Promise<void>; ready: string; editorOnly?: true }[] = [
  { name: 'flags', open: (p) => nav(p, 'Flags').click(), ready: 'Flags' },
  {
    name: 'flag',
    open: async (p) => {
      await nav(p, 'Flags').click();
      await p.getByRole('link', { name: 'checkout', exact: true }).click();
    },
    ready: 'checkout',
  },
  { name: 'segments', open: (p) => nav(p, 'Segments').click(), ready: 'Segments' },
  { name: 'rollouts', open: (p) => nav(p, 'Rollouts').click(), ready: 'Rollouts' },
  {
    name: 'rollout',
    open: async (p) => {
      await nav(p, 'Rollouts').click();
      await p.getByLabel('Environment', { exact: true }).selectOption('production');
      await p.getByRole('link', { name: 'checkout → on' }).click();
    },
    ready: 'Rollout of checkout → on in production',
  },
  {
    // The start form with a ring and a guardrail of every kind, one of them showing an error.
    name: 'rollout-form',
    editorOnly: true,
    open: async (p) => {
      await nav(p, 'Rollouts').click();
      await p.getByLabel('Environment', { exact: true }).selectOption('production');
      await p.getByRole('button', { name: 'New rollout' }).click();
      await p.getByRole('button', { name: 'Add ring' }).click();
      await p.getByRole('button', { name: 'Add ring' }).click();
      await p.getByLabel('Ring 2: audience').selectOption('condition');
      await p.getByLabel('Ring 2: condition (JSON Logic)').fill('{"in": ["beta", {"var": "groups"}]}');
      await p.getByRole('button', { name: 'Add Prometheus guardrail' }).click();
      await p.getByRole('button', { name: 'Add regression guardrail' }).click();
      await p.getByLabel('Guardrail 1: max').fill('2');
    },
    ready: 'Rollouts',
  },
  { name: 'experiments', open: (p) => nav(p, 'Experiments').click(), ready: 'Experiments' },
  {
    name: 'experiment',
    open: async (p) => {
      await nav(p, 'Experiments').click();
      await p.getByLabel('Environment', { exact: true }).selectOption('production');
      await p.getByRole('link', { name: 'colour-test' }).click();
    },
    ready: 'Experiment colour-test',
  },
  {
    name: 'change-requests',
    open: (p) => nav(p, 'Change requests').click(),
    ready: 'Change requests',
  },
  {
    name: 'change-request',
    open: async (p) => {
      await nav(p, 'Change requests').click();
      await p.getByRole('link', { name: `Change request ${changeRequestId.slice(0, 8)}` }).click();
    },
    get ready() {
      return `Change request ${changeRequestId.slice(0, 8)}`;
    },
  },
  { name: 'audit-log', open: (p) => nav(p, 'Audit log').click(), ready: 'Audit log' },
  { name: 'settings', open: (p) => nav(p, 'Settings').click(), ready: 'Settings' },
];

beforeAll(async () => {
  harness = await startHarness('@switchyard/dashboard screens, accessibility and roles');
  if (!harness) return;
  const { api } = harness;
  const setup = [
    await api('POST', '/projects/default/flags', {
      key: 'checkout',
      kind: 'release',
      owner: 'shop',
      tags: ['web'],
      variants: { on: true, off: false },
    }),
    await api('POST', '/projects/default/flags', { key: 'colour', variants: { red: 'red', blue: 'blue' } }),
    await api('POST', `${ENV}/segments`, {
      key: 'staff',
      rule: { ends_with: [{ var: 'email' }, '@acme.test'] },
    }),
    await api('PATCH', `${ENV}/flags/checkout`, {
      state: 'ENABLED',
      targeting: { if: [{ $ref: 'staff' }, 'on', 'off'] },
    }),
    await api('POST', '/projects/default/flags', {
      key: 'banner',
      variants: { wide: 'wide', narrow: 'narrow' },
    }),
    await api('PATCH', `${ENV}/flags/banner`, {
      state: 'ENABLED',
      targeting: {
        if: [
          { in: [{ var: 'country' }, ['fr', 'de']] },
          {
            fractional: [
              ['wide', 20],
              ['narrow', 80],
            ],
          },
        ],
      },
    }),
    await api('PATCH', `${ENV}/flags/colour`, { state: 'ENABLED' }),
    await api('POST', `${ENV}/rollouts`, {
      flag: 'checkout',
      variant: 'on',
      control: 'off',
      schedule: { shape: 'linear', start: 10, step: 30, interval: '1h' },
      guardrails: [{ metric: 'error-rate', max: 0.05 }],
    }),
    await api('POST', `${ENV}/experiments`, {
      key: 'colour-test',
      flag: 'colour',
      control: 'red',
      weights: { red: 50, blue: 50 },
      primaryMetric: { event: 'click', type: 'conversion' },
    }),
    await api('POST', `${ENV}/experiments/colour-test/start`),
    await api('POST', '/admin-tokens', { name: 'read-only', role: 'viewer' }),
  ];
  for (const answer of setup) expect([200, 201], JSON.stringify(answer.body)).toContain(answer.status);
  viewerToken = setup.at(-1)!.body.token;
  // Production requires approval from here on: a change there waits as a change request.
  const policy = await api('PUT', `${ENV}/approval-policy`, {
    requiredApprovals: 1,
    approverRoles: ['admin'],
  });
  expect(policy.status, JSON.stringify(policy.body)).toBe(200);
  const held = await api('PATCH', `${ENV}/flags/colour`, { defaultVariant: 'blue' });
  expect(held.status, JSON.stringify(held.body)).toBe(202);
  changeRequestId = held.body.changeRequest.id;
});

afterAll(async () => {
  await harness?.close();
});

describe.runIf(() => harness !== null)('dashboard screens', () => {
  it('serves the dashboard at / under a strict Content-Security-Policy', async () => {
    const home = await fetch(`${harness!.url}/flags`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('id="root"');
    const csp = home.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
  });

  for (const role of ['admin', 'viewer'] as const) {
    describe(`as ${role}`, () => {
      let watched: WatchedPage;
      beforeAll(async () => {
        watched = await openPage(harness!);
        await signIn(watched.page, harness!.url, role === 'admin' ? ADMIN_TOKEN : viewerToken);
      });
      afterAll(async () => {
        await watched?.context.close();
      });

      for (const screen of SCREENS.filter((s) => role === 'admin' || !s.editorOnly)) {
        it(`${screen.name}: renders, passes axe-core, screenshot`, async () => {
          const { page } = watched;
          await screen.open(page);
          await page.getByRole('heading', { name: screen.ready, level: 1, exact: true }).waitFor();
          await settled(page);
          const violations = await seriousViolations(page);
          expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
          await screenshot(page, `${role}-${screen.name}`);
          expect(watched.problems).toEqual([]);
        });
      }

      it(
        role === 'viewer' ? 'a viewer sees no edit controls' : 'an admin sees the edit controls',
        async () => {
          const { page } = watched;
          const counts = async () => {
            await nav(page, 'Flags').click();
            await page.getByRole('link', { name: 'checkout', exact: true }).click();
            await page.getByRole('heading', { name: 'checkout', level: 1 }).waitFor();
            await page.getByRole('heading', { name: /^Targeting in / }).waitFor();
            await settled(page);
            const onFlag = {
              switches: await page.getByRole('switch').count(),
              save: await page.getByRole('button', { name: 'Save targeting' }).count(),
              addRule: await page.getByRole('button', { name: 'Add rule' }).count(),
              json: await page.getByLabel('Targeting JSON').getAttribute('readonly'),
              addVariant: await page.getByRole('button', { name: 'Add variant' }).count(),
              variantNames: await page.getByLabel(/^Variant \d+: name$/).count(),
            };
            await nav(page, 'Flags').click();
            const newFlag = await page.getByRole('button', { name: 'New flag' }).count();
            await nav(page, 'Rollouts').click();
            const newRollout = await page.getByRole('button', { name: 'New rollout' }).count();
            await nav(page, 'Settings').click();
            const sdkKeys = await page.getByRole('button', { name: 'Create SDK key' }).count();
            await page.getByRole('table', { name: 'Approval policy of each environment' }).waitFor();
            await settled(page);
            const policyForm = await page.getByRole('form', { name: 'Approval policy' }).count();
            // The admin requested the held change: Approve is there but disabled (no self-approval).
            await nav(page, 'Change requests').click();
            await page.getByRole('link', { name: `Change request ${changeRequestId.slice(0, 8)}` }).click();
            await page.getByRole('heading', { name: 'Review' }).waitFor();
            await settled(page);
            const approve = page.getByRole('button', { name: 'Approve' });
            const review = {
              approve:
                (await approve.count()) === 0
                  ? 'absent'
                  : (await approve.isDisabled())
                    ? 'disabled'
                    : 'enabled',
              withdraw: await page.getByRole('button', { name: 'Withdraw request' }).count(),
            };
            return { ...onFlag, newFlag, newRollout, sdkKeys, policyForm, ...review };
          };
          const seen = await counts();
          if (role === 'viewer') {
            expect(seen).toEqual({
              switches: 0,
              save: 0,
              addRule: 0,
              json: '',
              addVariant: 0,
              variantNames: 0,
              newFlag: 0,
              newRollout: 0,
              sdkKeys: 0,
              policyForm: 0,
              approve: 'absent',
              withdraw: 0,
            });
          } else {
            expect(seen).toEqual({
              switches: 2,
              save: 1,
              addRule: 1,
              json: null,
              addVariant: 1,
              variantNames: 2,
              newFlag: 1,
              newRollout: 1,
              sdkKeys: 1,
              policyForm: 1,
              approve: 'disabled',
              withdraw: 1,
            });
          }
        },
      );
    });
  }
});
