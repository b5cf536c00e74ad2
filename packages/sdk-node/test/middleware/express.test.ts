import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeatureContext } from '../../src/middleware/express.js';
import { allOff, evaluateAll, pause, startFlagProvider } from './middleware-fixture.js';

let flags: { close(): Promise<void> };
const servers: Server[] = [];

beforeAll(async () => {
  flags = await startFlagProvider();
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await flags.close();
});

async function serve(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function appWith(middleware: express.RequestHandler): express.Express {
  const app = express();
  app.use(middleware);
  app.get('/flags', async (request, response) => {
    // An await before evaluating: the context must survive asynchronous work.
    await pause(Number(request.query.delay ?? 0));
    response.json(await evaluateAll());
  });
  app.use(
    (error: Error, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
      response.status(500).json({ error: error.message });
    },
  );
  return app;
}

describe('openFeatureContext for Express', () => {
  it('evaluates with the context read from the request headers', async () => {
    const url = await serve(appWith(openFeatureContext()));
    const response = await fetch(`${url}/flags`, {
      headers: {
        'x-user-id': 'user-42',
        'x-tenant-id': 'acme',
        'x-plan': 'pro',
        'x-country': 'nz',
        'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148',
      },
    });
    expect(await response.json()).toEqual({
      'new-checkout': true,
      'for-user-42': true,
      'for-acme': true,
      'for-nz': true,
      'for-mobile': true,
    });
    expect(await (await fetch(`${url}/flags`)).json()).toEqual(allOff);
  });

  it('keeps concurrent requests apart', async () => {
    const url = await serve(appWith(openFeatureContext()));
    const requests = Array.from({ length: 30 }, (_, i) => {
      const plan = i % 2 === 0 ? 'pro' : 'free';
      // Later requests finish first, so their evaluations interleave with the earlier ones'.
      return fetch(`${url}/flags?delay=${30 - i}`, { headers: { 'x-plan': plan } })
        .then((response) => response.json() as Promise<Record<string, boolean>>)
        .then((body) => [plan, body['new-checkout']]);
    });
    for (const [plan, newCheckout] of await Promise.all(requests)) expect(newCheckout).toBe(plan === 'pro');
  });

  it('lets a function build the context (e.g. from the session), over what the headers say', async () => {
    const sessions: Record<string, { id: string; plan: string }> = {
      'token-1': { id: 'user-42', plan: 'pro' },
    };
    const middleware = openFeatureContext({
      headers: { plan: false },
      context: async (request) => {
        const session = sessions[String(request.headers.authorization).replace(/^Bearer /, '')];
        return session && { targetingKey: session.id, plan: session.plan };
      },
    });
    const url = await serve(appWith(middleware as express.RequestHandler));
    const signedIn = await fetch(`${url}/flags`, {
      headers: { authorization: 'Bearer token-1', 'x-tenant-id': 'acme' },
    });
    expect(await signedIn.json()).toMatchObject({
      'new-checkout': true,
      'for-user-42': true,
      'for-acme': true,
    });
    // The plan header is not read: only the session may grant it.
    const spoofed = await fetch(`${url}/flags`, { headers: { 'x-plan': 'pro' } });
    expect(((await spoofed.json()) as Record<string, boolean>)['new-checkout']).toBe(false);
  });

  it('passes an error of the context function to the error handler', async () => {
    const url = await serve(
      appWith(
        openFeatureContext({
          context: () => {
            throw new Error('session store unavailable');
          },
        }) as express.RequestHandler,
      ),
    );
    const response = await fetch(`${url}/flags`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'session store unavailable' });
  });

  it('refuses unknown header attributes and bad header names when created', () => {
    expect(() => openFeatureContext({ headers: { user: 'x-user' } as never })).toThrow(
      /option "headers.user" is not an attribute/,
    );
    expect(() => openFeatureContext({ headers: { plan: 'x plan' } })).toThrow(
      /"headers.plan" must be a header name/,
    );
    expect(() => openFeatureContext({ context: 'nope' as never })).toThrow(/"context" must be a function/);
    expect(() => openFeatureContext({ telemetry: 'on' as never })).toThrow(
      /"telemetry" must be true or false/,
    );
  });
});
