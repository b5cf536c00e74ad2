import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningPrometheus, startPrometheus } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';

// A guardrail written as a PromQL query, against a real Prometheus that scrapes a test application
// exposing a failure counter per variant. The rolled-out variant's value breaks the limit: the
// controller rolls the rollout back, with the query's value in the evidence.
const E = '/api/v1/projects/default/environments/production';

describe('a Prometheus guardrail', () => {
  let app: Server;
  let prometheus: RunningPrometheus | null;
  let t: TestServer;

  beforeAll(async () => {
    app = createServer((request, response) => {
      if (request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(
        [
          '# TYPE checkout_failure_ratio gauge',
          'checkout_failure_ratio{flag="checkout",variant="on"} 0.2',
          'checkout_failure_ratio{flag="checkout",variant="off"} 0.01',
          '',
        ].join('\n'),
      );
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(app.address() as AddressInfo).port}`;
    prometheus = await startPrometheus([target], 'the Prometheus guardrail test');
    if (!prometheus) return;
    await prometheus.waitFor('checkout_failure_ratio');
    t = await startTestServer('sqlite', { prometheusUrl: prometheus.url, rolloutIntervalMs: 200 });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await prometheus?.stop();
    await new Promise((resolve) => app?.close(resolve));
  });

  it('rolls back when the query, filled for the rolled-out variant, breaks its limit', async (context) => {
    if (!prometheus) return context.skip();
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'checkout',
      variants: { on: true, off: false },
    });
    const started = await t.api('POST', `${E}/rollouts`, {
      flag: 'checkout',
      variant: 'on',
      control: 'off',
      schedule: { shape: 'linear', start: 10, step: 10, interval: '1h' },
      guardrails: [
        { prometheus: 'max(checkout_failure_ratio{flag="{{flag}}",variant="{{variant}}"})', max: 0.05 },
      ],
    });
    expect(started.status, started.text).toBe(201);
    let rollout = started.body;
    for (let i = 0; i < 100 && rollout.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rollout = (await t.api('GET', `${E}/rollouts/${started.body.id}`)).body;
    }
    expect(rollout.status).toBe('rolled-back');
    const rollback = rollout.timeline.find((e: { action: string }) => e.action === 'rollback');
    const onVariant = rollback.evidence.variants.find((v: { variant: string }) => v.variant === 'on');
    expect(Object.values(onVariant.prometheus)).toEqual([0.2]);
    const controlVariant = rollback.evidence.variants.find((v: { variant: string }) => v.variant === 'off');
    expect(Object.values(controlVariant.prometheus)).toEqual([0.01]);
    // The flag now serves the control (the default safe variant) to everyone.
    const flagSet = await t.api('GET', `${E}/flagset`);
    expect(flagSet.body.flags.checkout.defaultVariant).toBe('off');
  });
});
