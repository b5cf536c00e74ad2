import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeatureContext } from '../../src/middleware/fastify.js';
import { allOff, evaluateAll, pause, startFlagProvider } from './middleware-fixture.js';

let flags: { close(): Promise<void> };
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  flags = await startFlagProvider();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await flags.close();
});

async function serve(register: (app: FastifyInstance) => PromiseLike<unknown>): Promise<string> {
  const app = Fastify({ logger: false });
  apps.push(app);
  await register(app);
  app.post('/flags', async (request) => {
    await pause(Number((request.body as { delay?: number } | undefined)?.delay ?? 0));
    return evaluateAll();
  });
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const post = (url: string, headers: Record<string, string>, body: unknown = {}) =>
  fetch(`${url}/flags`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then((response) => response.json() as Promise<Record<string, boolean>>);

describe('openFeatureContext for Fastify', () => {
  it('evaluates with the context read from the request headers, after the body is parsed', async () => {
    const url = await serve((app) => app.register(openFeatureContext));
    expect(
      await post(
        url,
        {
          'x-user-id': 'user-42',
          'x-tenant-id': 'acme',
          'x-plan': 'pro',
          'x-country': 'NZ',
          'x-device': 'mobile',
        },
        { delay: 5 },
      ),
    ).toEqual({
      'new-checkout': true,
      'for-user-42': true,
      'for-acme': true,
      'for-nz': true,
      'for-mobile': true,
    });
    expect(await post(url, {})).toEqual(allOff);
  });

  it('keeps concurrent requests apart', async () => {
    const url = await serve((app) => app.register(openFeatureContext));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const tenant = i % 3 === 0 ? 'acme' : `tenant-${i}`;
        return post(url, { 'x-tenant-id': tenant }, { delay: 30 - i }).then((body) => [
          tenant,
          body['for-acme'],
        ]);
      }),
    );
    for (const [tenant, forAcme] of results) expect(forAcme).toBe(tenant === 'acme');
  });

  it('applies to routes of the registering scope (not encapsulated) and takes a context function', async () => {
    const url = await serve((app) =>
      app.register(openFeatureContext, {
        headers: false,
        context: (request) => ({
          targetingKey: request.headers['x-session-user'] === 'alice' ? 'user-42' : 'anonymous',
        }),
      }),
    );
    expect(await post(url, { 'x-session-user': 'alice', 'x-plan': 'pro' })).toEqual({
      ...allOff,
      'for-user-42': true,
    });
  });

  it('answers 500 when the context function fails', async () => {
    const url = await serve((app) =>
      app.register(openFeatureContext, {
        context: async () => {
          throw new Error('session store unavailable');
        },
      }),
    );
    const response = await fetch(`${url}/flags`, { method: 'POST' });
    expect(response.status).toBe(500);
  });
});
