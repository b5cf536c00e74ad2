import { expect } from 'vitest';
import type { TestServer } from '../support/admin-client.js';

/**
 * Payloads shaped as the tools send them (Alertmanager's webhook version 4, Flagger's webhook and
 * event payloads), so the tests exercise the real contracts.
 */

export interface AlertInput {
  labels: Record<string, string>;
  status?: 'firing' | 'resolved';
  fingerprint: string;
  /** Alertmanager writes Go's RFC 3339 with nanoseconds and an offset. */
  startsAt?: string;
  annotations?: Record<string, string>;
}

export const firstEpisode = '2026-02-06T13:08:45.828123456+01:00';

export function alert(input: AlertInput) {
  const status = input.status ?? 'firing';
  return {
    status,
    labels: input.labels,
    annotations: input.annotations ?? {
      summary: `Error rate of ${input.labels.flag ?? 'the service'} above 5%`,
      description: 'The 5xx rate has been above 5% for 5 minutes',
    },
    startsAt: input.startsAt ?? firstEpisode,
    endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-02-06T13:38:45.828123456+01:00',
    generatorURL:
      'http://prometheus.example.org:9090/graph?g0.expr=rate%28http_errors_total%5B5m%5D%29&g0.tab=1',
    fingerprint: input.fingerprint,
  };
}

/** An Alertmanager webhook notification (version 4) for a group of alerts. */
export function notification(alerts: ReturnType<typeof alert>[]) {
  const common = alerts[0]?.labels ?? {};
  return {
    version: '4',
    groupKey: `{}/{severity="critical"}:{alertname="${common.alertname ?? ''}"}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'switchyard',
    groupLabels: { alertname: common.alertname ?? '' },
    commonLabels: common,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.org:9093',
    alerts,
  };
}

/** Flagger's webhook payload (newer Flagger versions add fields beyond name, namespace, phase, checksum and metadata). */
export function flaggerPayload(metadata: Record<string, string>, phase = 'Progressing') {
  return {
    name: 'podinfo',
    namespace: 'test',
    phase,
    checksum: '6c8c5b7f9d',
    buildId: '',
    type: 'confirm-promotion',
    failedChecks: 0,
    canaryWeight: 10,
    iterations: 0,
    remainingTime: 0,
    metadata,
  };
}

/** Flagger's event webhook: its own event fields merged into the webhook's metadata. */
export function flaggerEvent(metadata: Record<string, string>, message: string, eventType = 'Normal') {
  return {
    ...flaggerPayload(
      {
        ...metadata,
        eventMessage: message,
        eventType,
        timestamp: '1770379725828',
      },
      'Progressing',
    ),
    type: 'event',
  };
}

export async function createBooleanFlag(t: TestServer, key: string, project = 'default'): Promise<void> {
  const created = await t.api('POST', `/api/v1/projects/${project}/flags`, {
    key,
    variants: { on: true, off: false },
  });
  expect(created.status, created.text).toBe(201);
}

/** A rollout of `on` against `off` that holds its first step (10%) for an hour. */
export async function startRollout(
  t: TestServer,
  flag: string,
  environment = 'production',
  project = 'default',
): Promise<{ id: string }> {
  const started = await t.api('POST', `/api/v1/projects/${project}/environments/${environment}/rollouts`, {
    flag,
    variant: 'on',
    control: 'off',
    schedule: { shape: 'custom', steps: [10, 50, 100], interval: '1h' },
    guardrails: [{ metric: 'error-rate', max: 0.05 }],
  });
  expect(started.status, started.text).toBe(201);
  return started.body;
}

export async function rolloutAction(
  t: TestServer,
  id: string,
  action: 'pause' | 'resume' | 'promote' | 'rollback',
  environment = 'production',
): Promise<void> {
  const done = await t.api(
    'POST',
    `/api/v1/projects/default/environments/${environment}/rollouts/${id}/${action}`,
    {
      reason: `${action} in a test`,
    },
  );
  expect(done.status, done.text).toBe(200);
}

export async function rollout(t: TestServer, id: string, environment = 'production') {
  const got = await t.api('GET', `/api/v1/projects/default/environments/${environment}/rollouts/${id}`);
  expect(got.status, got.text).toBe(200);
  return got.body;
}

export async function createToken(t: TestServer, body: Record<string, unknown>): Promise<string> {
  const created = await t.api('POST', '/api/v1/admin-tokens', body);
  expect(created.status, created.text).toBe(201);
  return created.body.token;
}

/** An SDK's view: OFREP evaluation of a flag with a server key of the environment. */
export async function evaluate(t: TestServer, key: string, flag: string) {
  const response = await fetch(`${t.server.url}/ofrep/v1/evaluate/flags/${flag}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ context: { targetingKey: 'user-1' } }),
  });
  return response.json();
}

export async function serverKey(t: TestServer, environment = 'production'): Promise<string> {
  const created = await t.api('POST', `/api/v1/projects/default/environments/${environment}/sdk-keys`, {
    name: 'backend',
    kind: 'server',
  });
  expect(created.status, created.text).toBe(201);
  return created.body.key;
}

export async function auditActions(t: TestServer, flag: string): Promise<string[]> {
  const audit = await t.api('GET', `/api/v1/audit?flag=${flag}&limit=500`);
  return (audit.body.entries as { action: string }[]).map((e) => e.action);
}
