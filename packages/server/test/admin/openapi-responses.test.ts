import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');

interface Operation {
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

const env = '/api/v1/projects/{project}/environments/{env}';
const rolloutPlan = {
  flag: 'ramp',
  variant: 'on',
  control: 'off',
  schedule: { shape: 'custom', steps: [10, 100], interval: '1h' },
  guardrails: [{ metric: 'error-rate', max: 0.05 }],
};
/** Flagger's webhook payload, naming the flag in the webhook's metadata. */
const flaggerPayload = () => ({
  name: 'ramp',
  namespace: 'shop',
  phase: 'Progressing',
  checksum: '6c8c5b7f9d',
  metadata: { project: 'shop', environment: 'prod', flag: 'ramp' },
});
/** Answers of earlier calls, by the call's `name`, for URLs that need an id. */
type Saved = Record<string, { id: string }>;
/** Whether an operation documents the 202 of a write held for approval. */
const isHeld = (operation: Operation) =>
  operation.responses['202']?.description.startsWith('Held for approval') === true;
/** The change request a held write answered (202: `{ changeRequest }`). */
const heldId = (saved: Saved) =>
  (saved.held as unknown as { changeRequest: { id: string } }).changeRequest.id;
/**
 * One request per documented operation, in an order that builds what later ones need. `path`
 * is the concrete URL, `template` the operation it exercises in the document.
 */
const calls: {
  method: string;
  template: string;
  path: string | ((saved: Saved) => string);
  body?: unknown;
  status: number;
  name?: string;
  /** Made the dashboard's way: with the session cookie of the last sign-in and its CSRF token. */
  session?: boolean;
  /** A Server-Sent Events stream: its status and media type are checked, then it is closed. */
  stream?: boolean;
}[] = [
  { method: 'GET', template: '/api/v1/openapi.json', path: '/api/v1/openapi.json', status: 200 },
  {
    method: 'GET',
    template: '/api/v1/schemas/project.json',
    path: '/api/v1/schemas/project.json',
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/projects',
    path: '/api/v1/projects',
    body: { key: 'shop', name: 'Shop', environments: [{ key: 'prod' }, { key: 'dev', name: 'Development' }] },
    status: 201,
  },
  { method: 'GET', template: '/api/v1/projects', path: '/api/v1/projects', status: 200 },
  { method: 'GET', template: '/api/v1/projects/{project}', path: '/api/v1/projects/shop', status: 200 },
  {
    method: 'PATCH',
    template: '/api/v1/projects/{project}',
    path: '/api/v1/projects/shop',
    body: { description: 'The web shop' },
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/environments',
    path: '/api/v1/projects/shop/environments',
    body: { key: 'staging' },
    status: 201,
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/environments',
    path: '/api/v1/projects/shop/environments',
    status: 200,
  },
  { method: 'GET', template: env, path: '/api/v1/projects/shop/environments/prod', status: 200 },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/flags',
    path: '/api/v1/projects/shop/flags',
    body: {
      key: 'checkout',
      kind: 'experiment',
      tags: ['web'],
      variants: { on: { steps: [1, 2], label: null }, off: { steps: [], label: 'none' } },
      defaultVariant: 'off',
      metadata: { team: 'payments', tier: 2, public: false },
    },
    status: 201,
  },
  {
    method: 'POST',
    template: `${env}/segments`,
    path: '/api/v1/projects/shop/environments/prod/segments',
    body: { key: 'beta', rule: { in: [{ var: 'email' }, ['a@example.com']] } },
    status: 201,
  },
  {
    method: 'PUT',
    template: `${env}/flags/{flag}`,
    path: '/api/v1/projects/shop/environments/prod/flags/checkout',
    body: { state: 'ENABLED', defaultVariant: 'off', targeting: { if: [{ $ref: 'beta' }, 'on', null] } },
    status: 200,
  },
  {
    method: 'PATCH',
    template: `${env}/flags/{flag}`,
    path: '/api/v1/projects/shop/environments/dev/flags/checkout',
    body: { defaultVariant: null },
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/flags/{flag}`,
    path: '/api/v1/projects/shop/environments/prod/flags/checkout',
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/flags/{flag}/usage`,
    path: '/api/v1/projects/shop/environments/prod/flags/checkout/usage?range=1h&step=5m',
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/flags',
    path: '/api/v1/projects/shop/flags',
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/flags',
    path: '/api/v1/projects/shop/flags?view=summary',
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/flags/{flag}',
    path: '/api/v1/projects/shop/flags/checkout',
    status: 200,
  },
  {
    method: 'PATCH',
    template: '/api/v1/projects/{project}/flags/{flag}',
    path: '/api/v1/projects/shop/flags/checkout',
    body: { owner: 'team-payments', metadata: null },
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/segments`,
    path: '/api/v1/projects/shop/environments/prod/segments',
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/segments/{segment}`,
    path: '/api/v1/projects/shop/environments/prod/segments/beta',
    status: 200,
  },
  {
    method: 'PATCH',
    template: `${env}/segments/{segment}`,
    path: '/api/v1/projects/shop/environments/prod/segments/beta',
    body: { description: 'Beta testers' },
    status: 200,
  },
  {
    method: 'PUT',
    template: `${env}/flagset`,
    path: '/api/v1/projects/shop/environments/staging/flagset',
    body: {
      flags: {
        banner: {
          state: 'ENABLED',
          variants: { short: 'Hi', long: 'Hello there' },
          defaultVariant: 'short',
          targeting: { if: [{ $ref: 'staff' }, 'long', null] },
          metadata: { owner: 'ui' },
        },
      },
      $evaluators: { staff: { ends_with: [{ var: 'email' }, '@example.com'] } },
      metadata: { source: 'import' },
    },
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/flagset`,
    path: '/api/v1/projects/shop/environments/staging/flagset',
    status: 200,
  },
  {
    method: 'POST',
    template: `${env}/sdk-keys`,
    path: '/api/v1/projects/shop/environments/staging/sdk-keys',
    body: { name: 'backend', kind: 'server' },
    status: 201,
    name: 'sdkKey',
  },
  {
    method: 'GET',
    template: `${env}/sdk-keys`,
    path: '/api/v1/projects/shop/environments/staging/sdk-keys',
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/admin-tokens',
    path: '/api/v1/admin-tokens',
    body: { name: 'ci', role: 'editor' },
    status: 201,
    name: 'token',
  },
  { method: 'GET', template: '/api/v1/admin-tokens', path: '/api/v1/admin-tokens', status: 200 },
  {
    method: 'PATCH',
    template: '/api/v1/admin-tokens/{id}',
    path: (saved) => `/api/v1/admin-tokens/${saved.token!.id}`,
    body: { role: 'viewer', grants: [{ role: 'editor', project: 'shop', environment: 'staging' }] },
    status: 200,
  },
  { method: 'GET', template: '/api/v1/commands/actions', path: '/api/v1/commands/actions', status: 200 },
  {
    method: 'POST',
    template: '/api/v1/commands/plan',
    path: '/api/v1/commands/plan',
    body: {
      action: 'flag-config.update',
      target: { project: 'shop', environment: 'prod', flag: 'checkout' },
      payload: { state: 'ENABLED' },
    },
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/commands',
    path: '/api/v1/commands',
    body: {
      action: 'project.update',
      target: { project: 'shop' },
      payload: { description: 'Shop, changed by a command' },
      reason: 'a command sent as a value',
    },
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/schedules',
    path: '/api/v1/schedules',
    body: {
      command: {
        action: 'flag-config.update',
        target: { project: 'shop', environment: 'prod', flag: 'checkout' },
        payload: { state: 'DISABLED' },
      },
      at: '2030-01-15T09:00',
      timeZone: 'Europe/Paris',
      reason: 'end of the campaign',
    },
    status: 201,
    name: 'schedule',
  },
  { method: 'GET', template: '/api/v1/schedules', path: '/api/v1/schedules?status=pending', status: 200 },
  {
    method: 'GET',
    template: '/api/v1/schedules/{id}',
    path: (saved) => `/api/v1/schedules/${saved.schedule!.id}`,
    status: 200,
  },
  // Cancelling answers the cancelled schedule (200, not 204), like revocations.
  {
    method: 'DELETE',
    template: '/api/v1/schedules/{id}',
    path: (saved) => `/api/v1/schedules/${saved.schedule!.id}`,
    status: 200,
  },
  // Revocations answer the revoked key or token (200, not 204).
  {
    method: 'DELETE',
    template: `${env}/sdk-keys/{id}`,
    path: (saved) => `/api/v1/projects/shop/environments/staging/sdk-keys/${saved.sdkKey!.id}`,
    status: 200,
  },
  {
    method: 'DELETE',
    template: '/api/v1/admin-tokens/{id}',
    path: (saved) => `/api/v1/admin-tokens/${saved.token!.id}`,
    status: 200,
  },
  // Rollouts, the kill switch, and the integrations that read and act on them.
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/flags',
    path: '/api/v1/projects/shop/flags',
    body: { key: 'ramp', variants: { on: true, off: false } },
    status: 201,
  },
  {
    method: 'POST',
    template: `${env}/rollouts`,
    path: '/api/v1/projects/shop/environments/prod/rollouts',
    body: rolloutPlan,
    status: 201,
    name: 'rollout',
  },
  {
    method: 'GET',
    template: `${env}/rollouts`,
    path: '/api/v1/projects/shop/environments/prod/rollouts',
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/rollouts/{id}`,
    path: (saved) => `/api/v1/projects/shop/environments/prod/rollouts/${saved.rollout!.id}`,
    status: 200,
  },
  {
    method: 'POST',
    template: `${env}/rollouts/{id}/pause`,
    path: (saved) => `/api/v1/projects/shop/environments/prod/rollouts/${saved.rollout!.id}/pause`,
    body: { reason: 'looking at a dashboard' },
    status: 200,
  },
  {
    method: 'POST',
    template: `${env}/rollouts/{id}/resume`,
    path: (saved) => `/api/v1/projects/shop/environments/prod/rollouts/${saved.rollout!.id}/resume`,
    body: {},
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/integrations/flagger/gate',
    path: '/api/v1/integrations/flagger/gate',
    body: flaggerPayload(),
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/integrations/flagger/event',
    path: '/api/v1/integrations/flagger/event',
    body: {
      ...flaggerPayload(),
      metadata: {
        ...flaggerPayload().metadata,
        eventMessage: 'Starting canary analysis',
        eventType: 'Normal',
      },
    },
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/integrations/argo/analysis',
    path: '/api/v1/integrations/argo/analysis?project=shop&environment=prod&flag=ramp',
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/integrations/alertmanager',
    path: '/api/v1/integrations/alertmanager',
    body: {
      version: '4',
      groupKey: '{}:{alertname="RampErrors"}',
      status: 'firing',
      receiver: 'switchyard',
      groupLabels: { alertname: 'RampErrors' },
      commonLabels: { alertname: 'RampErrors', flag: 'ramp', project: 'shop', environment: 'prod' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.example.org:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'RampErrors', flag: 'ramp', project: 'shop', environment: 'prod' },
          annotations: { summary: 'ramp errors' },
          startsAt: '2026-02-06T13:08:45.828123456Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example.org:9090/graph',
          fingerprint: '1a30ba71cca2921f',
        },
      ],
    },
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/integrations/alertmanager/alerts',
    path: '/api/v1/integrations/alertmanager/alerts?project=shop',
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/integrations/flagger/rollback',
    path: '/api/v1/integrations/flagger/rollback',
    body: flaggerPayload(),
    status: 200,
  },
  {
    method: 'POST',
    template: `${env}/rollouts`,
    path: '/api/v1/projects/shop/environments/prod/rollouts',
    body: rolloutPlan,
    status: 201,
    name: 'promoted',
  },
  {
    method: 'POST',
    template: `${env}/rollouts/{id}/promote`,
    path: (saved) => `/api/v1/projects/shop/environments/prod/rollouts/${saved.promoted!.id}/promote`,
    body: {},
    status: 200,
  },
  {
    method: 'POST',
    template: `${env}/rollouts`,
    path: '/api/v1/projects/shop/environments/prod/rollouts',
    body: rolloutPlan,
    status: 201,
    name: 'rolledBack',
  },
  {
    method: 'POST',
    template: `${env}/rollouts/{id}/rollback`,
    path: (saved) => `/api/v1/projects/shop/environments/prod/rollouts/${saved.rolledBack!.id}/rollback`,
    body: { reason: 'a person decided' },
    status: 200,
  },
  {
    method: 'POST',
    template: `${env}/flags/{flag}/kill`,
    path: '/api/v1/projects/shop/environments/prod/flags/ramp/kill',
    body: { reason: 'paging' },
    status: 200,
  },
  {
    method: 'PUT',
    template: `${env}/flags/{flag}/kill-rule`,
    path: '/api/v1/projects/shop/environments/prod/flags/ramp/kill-rule',
    body: { maxErrorRate: 0.2, for: '5m', minSamples: 50 },
    status: 200,
  },
  {
    method: 'DELETE',
    template: `${env}/flags/{flag}/kill-rule`,
    path: '/api/v1/projects/shop/environments/prod/flags/ramp/kill-rule',
    status: 204,
  },
  // Experiments: a draft, changed, started, its results, stopped, deleted.
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/flags',
    path: '/api/v1/projects/shop/flags',
    body: { key: 'tested', variants: { on: true, off: false } },
    status: 201,
  },
  {
    method: 'POST',
    template: `${env}/experiments`,
    path: '/api/v1/projects/shop/environments/prod/experiments',
    body: {
      key: 'ab',
      flag: 'tested',
      control: 'off',
      weights: { off: 50, on: 50 },
      primaryMetric: { event: 'purchase', type: 'conversion' },
      secondaryMetrics: [
        {
          key: 'revenue-per-order',
          type: 'ratio',
          numerator: { event: 'purchase', of: 'value' },
          denominator: { event: 'purchase', of: 'count' },
        },
      ],
    },
    status: 201,
  },
  {
    method: 'GET',
    template: `${env}/experiments`,
    path: '/api/v1/projects/shop/environments/prod/experiments',
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/experiments/{id}`,
    path: '/api/v1/projects/shop/environments/prod/experiments/ab',
    status: 200,
  },
  {
    method: 'PATCH',
    template: `${env}/experiments/{id}`,
    path: '/api/v1/projects/shop/environments/prod/experiments/ab',
    body: { hypothesis: 'buyers like it' },
    status: 200,
  },
  {
    method: 'POST',
    template: `${env}/experiments/{id}/start`,
    path: '/api/v1/projects/shop/environments/prod/experiments/ab/start',
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/experiments/{id}/results`,
    path: '/api/v1/projects/shop/environments/prod/experiments/ab/results',
    status: 200,
  },
  {
    method: 'POST',
    template: `${env}/experiments/{id}/stop`,
    path: '/api/v1/projects/shop/environments/prod/experiments/ab/stop',
    body: { serve: 'on' },
    status: 200,
  },
  {
    method: 'DELETE',
    template: `${env}/experiments/{id}`,
    path: '/api/v1/projects/shop/environments/prod/experiments/ab',
    status: 204,
  },
  // Approvals: a policy on dev holds a change as a request (202), which is then looked at,
  // commented, edited, scheduled, refused to its own requester, and withdrawn.
  {
    method: 'PUT',
    template: `${env}/approval-policy`,
    path: '/api/v1/projects/shop/environments/dev/approval-policy',
    body: { requiredApprovals: 1, approverRoles: ['editor', 'admin'], allowEmergencyBypass: true },
    status: 200,
  },
  {
    method: 'GET',
    template: `${env}/approval-policy`,
    path: '/api/v1/projects/shop/environments/dev/approval-policy',
    status: 200,
  },
  {
    method: 'PATCH',
    template: `${env}/flags/{flag}`,
    path: '/api/v1/projects/shop/environments/dev/flags/checkout',
    body: { state: 'ENABLED' },
    status: 202,
    name: 'held',
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/change-requests',
    path: '/api/v1/projects/shop/change-requests?status=pending',
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/change-requests/{id}',
    path: (saved) => `/api/v1/projects/shop/change-requests/${heldId(saved)}`,
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/change-requests/{id}/comments',
    path: (saved) => `/api/v1/projects/shop/change-requests/${heldId(saved)}/comments`,
    body: { text: 'ship it on Monday' },
    status: 200,
  },
  {
    method: 'PATCH',
    template: '/api/v1/projects/{project}/change-requests/{id}',
    path: (saved) => `/api/v1/projects/shop/change-requests/${heldId(saved)}`,
    body: {
      command: {
        action: 'flag-config.update',
        target: { project: 'shop', environment: 'dev', flag: 'checkout' },
        payload: { state: 'DISABLED' },
      },
    },
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/change-requests/{id}/apply',
    path: (saved) => `/api/v1/projects/shop/change-requests/${heldId(saved)}/apply`,
    body: { applyAt: '2030-01-15T09:00:00.000Z' },
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/change-requests/{id}/approve',
    path: (saved) => `/api/v1/projects/shop/change-requests/${heldId(saved)}/approve`,
    body: {},
    status: 403,
  },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/change-requests/{id}/reject',
    path: (saved) => `/api/v1/projects/shop/change-requests/${heldId(saved)}/reject`,
    body: { comment: 'mine' },
    status: 403,
  },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/change-requests/{id}/cancel',
    path: (saved) => `/api/v1/projects/shop/change-requests/${heldId(saved)}/cancel`,
    status: 200,
  },
  {
    method: 'DELETE',
    template: `${env}/approval-policy`,
    path: '/api/v1/projects/shop/environments/dev/approval-policy',
    status: 204,
  },
  // Code references: what switchyard scan --upload sends, and who uses a flag where.
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/code-references',
    path: '/api/v1/projects/shop/code-references',
    body: {
      repository: 'github.com/acme/shop',
      commit: '4fa5a26c0b1d',
      branch: 'main',
      references: [
        { flag: 'checkout', file: 'web/cart.ts', line: 12 },
        { flag: 'not-yet-a-flag', file: 'api/main.go', line: 3 },
      ],
    },
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/code-references',
    path: '/api/v1/projects/shop/code-references?flag=checkout',
    status: 200,
  },
  // Lifecycle: settings, stale flags, archive and restore.
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/lifecycle',
    path: '/api/v1/projects/shop/lifecycle',
    status: 200,
  },
  {
    method: 'PATCH',
    template: '/api/v1/projects/{project}/lifecycle',
    path: '/api/v1/projects/shop/lifecycle',
    body: {
      naming: { requireOwner: true },
      digest: { url: 'http://127.0.0.1:9/hook', secret: 'sixteen-chars-secret', schedule: 'weekly' },
    },
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/flags',
    path: '/api/v1/projects/shop/flags?stale=true',
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/flags/{flag}/archive',
    path: '/api/v1/projects/shop/flags/checkout/archive',
    status: 200,
  },
  {
    method: 'GET',
    template: '/api/v1/projects/{project}/flags',
    path: '/api/v1/projects/shop/flags?archived=true',
    status: 200,
  },
  {
    method: 'POST',
    template: '/api/v1/projects/{project}/flags/{flag}/restore',
    path: '/api/v1/projects/shop/flags/checkout/restore',
    status: 200,
  },
  { method: 'GET', template: '/api/v1/audit', path: '/api/v1/audit?project=shop&limit=3', status: 200 },
  { method: 'GET', template: '/api/v1/audit', path: '/api/v1/audit?project=shop&limit=500', status: 200 },
  {
    method: 'DELETE',
    template: '/api/v1/projects/{project}/flags/{flag}',
    path: '/api/v1/projects/shop/flags/checkout',
    status: 204,
  },
  // The flag referred to the segment; once it is gone the segment may go.
  {
    method: 'DELETE',
    template: `${env}/segments/{segment}`,
    path: '/api/v1/projects/shop/environments/prod/segments/beta',
    status: 204,
  },
  { method: 'GET', template: '/api/v1/sessions/oidc', path: '/api/v1/sessions/oidc', status: 200 },
  { method: 'GET', template: '/api/v1/changes', path: '/api/v1/changes', status: 200, stream: true },
  {
    method: 'POST',
    template: '/api/v1/sessions',
    path: '/api/v1/sessions',
    body: { token: testAdminToken },
    status: 201,
  },
  {
    method: 'GET',
    template: '/api/v1/sessions/current',
    path: '/api/v1/sessions/current',
    status: 200,
    session: true,
  },
  {
    method: 'DELETE',
    template: '/api/v1/sessions/current',
    path: '/api/v1/sessions/current',
    status: 204,
    session: true,
  },
  { method: 'DELETE', template: env, path: '/api/v1/projects/shop/environments/dev', status: 204 },
  { method: 'DELETE', template: '/api/v1/projects/{project}', path: '/api/v1/projects/shop', status: 204 },
];

describe.each(targets)('documented success answers over HTTP on %s', (target) => {
  let t: TestServer;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestServer(target);
    doc = (await t.api('GET', '/api/v1/openapi.json')).body;
  });
  afterAll(() => t?.stop());

  /** Validates against the served document's schema, its `$ref`s resolved within the document. */
  function validator(template: string, method: string, status: number) {
    const content = doc.paths[template]?.[method.toLowerCase()]?.responses[status]?.content;
    const schema = content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method} ${template} documents no ${status} body`);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('date-time', (text: string) => isoTimestamp.test(text) && !Number.isNaN(Date.parse(text)));
    return ajv.compile({ ...schema, components: doc.components });
  }

  it('documents a success answer, with its body schema, for every operation', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(30);
    for (const { path, method, operation } of operations) {
      // Besides its own success answer, a write an approval policy may hold documents that 202.
      const success = Object.keys(operation.responses).filter(
        (status) => /^2\d\d$/.test(status) && !(status === '202' && isHeld(operation)),
      );
      expect(success, `${method} ${path}`).toHaveLength(1);
      const [status] = success as [string];
      const content = operation.responses[status]!.content;
      const body = (content?.['application/json'] ?? content?.['text/event-stream'])?.schema;
      if (status === '204') expect(body, `${method} ${path} (204)`).toBeUndefined();
      else expect(body, `${method} ${path} (${status})`).toBeTypeOf('object');
    }
    // The requests below exercise every documented operation.
    const exercised = new Set(calls.map((c) => `${c.method.toLowerCase()} ${c.template}`));
    for (const { path, method } of operations)
      expect(exercised, `${method} ${path}`).toContain(`${method} ${path}`);
  });

  it('documents the 202 of a held write on the writes an approval policy may hold, and only there', () => {
    const held = (method: string, path: string) => isHeld(doc.paths[path]![method]!);
    const project = '/api/v1/projects/{project}';
    for (const [method, path] of [
      ['patch', `${env}/flags/{flag}`],
      ['put', `${env}/flags/{flag}`],
      ['patch', `${project}/flags/{flag}`],
      ['post', `${env}/rollouts`],
      ['post', `${env}/segments`],
      ['post', `${env}/flags/{flag}/kill`],
      ['post', '/api/v1/commands'],
    ]) {
      expect(held(method!, path!), `${method} ${path}`).toBe(true);
      const content = doc.paths[path!]![method!]!.responses['202']!.content!['application/json']!;
      expect(content.schema).toEqual({ $ref: '#/components/schemas/ChangeRequestAccepted' });
    }
    for (const [method, path] of [
      ['post', `${env}/sdk-keys`],
      ['put', `${env}/approval-policy`],
      ['post', `${project}/change-requests/{id}/approve`],
      ['post', '/api/v1/schedules'],
      ['post', '/api/v1/admin-tokens'],
      ['get', `${env}/flags/{flag}`],
    ])
      expect(held(method!, path!), `${method} ${path}`).toBe(false);
  });

  it("answers bodies that validate against the served document's schemas", async () => {
    const saved: Saved = {};
    let session = { cookie: '', csrfToken: '' };
    for (const call of calls) {
      const path = typeof call.path === 'string' ? call.path : call.path(saved);
      if (call.stream) {
        const abort = new AbortController();
        const streamed = await fetch(`${t.server.url}${path}`, {
          headers: { authorization: `Bearer ${testAdminToken}` },
          signal: abort.signal,
        });
        expect(streamed.status, path).toBe(call.status);
        const documented = doc.paths[call.template]?.get?.responses[call.status]?.content;
        expect(Object.keys(documented ?? {})).toEqual(['text/event-stream']);
        expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
        abort.abort();
        continue;
      }
      const response = await t.api(
        call.method,
        path,
        call.body,
        call.session
          ? { token: null, headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } }
          : {},
      );
      const setCookie = response.headers.get('set-cookie');
      if (setCookie?.startsWith('switchyard_session=') && response.status === 201) {
        session = { cookie: setCookie.split(';')[0]!, csrfToken: response.body.csrfToken };
      }
      const what = `${call.method} ${path}`;
      expect(response.status, `${what}: ${response.text}`).toBe(call.status);
      if (call.name) saved[call.name] = response.body;
      if (call.status === 204) {
        expect(response.text, what).toBe('');
        continue;
      }
      if (call.status === 202) {
        // A write held for approval: the change request, where it lives, as its route documents.
        expect(isHeld(doc.paths[call.template]![call.method.toLowerCase()]!), what).toBe(true);
        expect(response.headers.get('location'), what).toContain('/change-requests/');
      }
      const validate = validator(call.template, call.method, call.status);
      expect(validate(response.body) ? [] : validate.errors, what).toEqual([]);
    }
  });

  it('answers every field the resource has: created resources equal their audit record', async () => {
    // The audit trail stores each view unfiltered, so a field the response schema forgot
    // (and the serialiser therefore dropped) or a value it coerced shows up here.
    const project = await t.api('POST', '/api/v1/projects', {
      key: 'audit-check',
      environments: [{ key: 'e' }],
    });
    const base = '/api/v1/projects/audit-check';
    const environment = await t.api('POST', `${base}/environments`, { key: 'f', name: 'F' });
    const flag = await t.api('POST', `${base}/flags`, {
      key: 'f1',
      variants: { a: { nested: [true, null] }, b: { nested: [] } },
      tags: ['t'],
      metadata: { n: 1 },
    });
    const segment = await t.api('POST', `${base}/environments/e/segments`, {
      key: 's',
      rule: { '==': [1, 1] },
    });
    const config = await t.api('PUT', `${base}/environments/e/flags/f1`, {
      state: 'ENABLED',
      defaultVariant: 'b',
      targeting: { if: [{ $ref: 's' }, 'a', null] },
    });
    const sdkKey = await t.api('POST', `${base}/environments/e/sdk-keys`, { name: 'k', kind: 'server' });
    const token = await t.api('POST', '/api/v1/admin-tokens', { name: 'audit-check', role: 'viewer' });

    const audit = await t.api<{ entries: { action: string; resource: string; after: unknown }[] }>(
      'GET',
      '/api/v1/audit?limit=500',
    );
    const recorded = (action: string, resource: string) =>
      audit.body.entries.find((e) => e.action === action && e.resource === resource)?.after;
    expect(project.body).toEqual(recorded('project.create', 'projects/audit-check'));
    // Recorded at version 0: the commit then publishes the environment's first flag set (version 1).
    expect(environment.body).toEqual({
      ...(recorded('environment.create', 'projects/audit-check/environments/f') as object),
      version: 1,
    });
    // Where code uses the flag is what scans report, not a change of the flag: it is not audited with it;
    // nor are its lifecycle stage and staleness, which are derived when read.
    const { environments, codeReferences, lifecycle, stale, ...flagFields } = flag.body;
    expect(lifecycle.stage).toBe('new');
    expect(stale).toEqual({ reasons: [] });
    expect(flagFields).toEqual(recorded('flag.create', 'projects/audit-check/flags/f1'));
    expect(Object.keys(environments).sort()).toEqual(['e', 'f']);
    expect(codeReferences).toEqual({ references: 0, repositories: 0, lastUploadedAt: null });
    expect(segment.body).toEqual(
      recorded('segment.create', 'projects/audit-check/environments/e/segments/s'),
    );
    expect(config.body).toMatchObject(
      recorded('flag-config.update', 'projects/audit-check/environments/e/flags/f1') as object,
    );
    const { key, ...keyFields } = sdkKey.body;
    expect(key).toMatch(/^sy_server_/);
    expect(keyFields).toEqual(
      recorded('sdk-key.create', `projects/audit-check/environments/e/sdk-keys/${sdkKey.body.id}`),
    );
    const { token: secret, ...tokenFields } = token.body;
    expect(secret).toMatch(/^sy_admin_/);
    expect(tokenFields).toEqual(recorded('admin-token.create', `admin-tokens/${token.body.id}`));

    // The flagd document equals the one SDKs sync (served without a response schema).
    const document = await t.api('GET', `${base}/environments/e/flagset`);
    const synced = await fetch(`${t.server.url}/sdk/v1/flagset`, { headers: { 'x-api-key': key } });
    expect(document.body).toEqual(await synced.json());
    expect(Object.keys(document.body.flags)).toEqual(['f1']);
  });
});

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
