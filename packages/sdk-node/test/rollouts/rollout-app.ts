import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenFeature } from '@openfeature/server-sdk';
import express from 'express';
import { openFeatureContext } from '../../src/middleware/express.js';

/** How the code behind the rolled-out variant misbehaves (the control always answers at once). */
export interface VariantBehaviour {
  /** Every n-th request served the variant fails with 500 (0: never). */
  failEvery?: number;
  /** Extra time the variant takes to answer, ms. */
  delayMs?: number;
}

export interface RolloutApp {
  url: string;
  /** GET /{flag} as a user: evaluates the boolean flag and behaves as its variant does. */
  request(flag: string, user: string): Promise<{ status: number; variant: string | undefined }>;
  close(): Promise<void>;
}

/**
 * A service behind the request middleware: each route evaluates one boolean flag through the
 * OpenFeature client of `domain`, and the "on" variant behaves as configured. The middleware
 * reports each request's outcome against the variants it evaluated.
 */
export async function startRolloutApp(
  domain: string,
  behaviours: Record<string, VariantBehaviour>,
): Promise<RolloutApp> {
  const app = express();
  app.use(openFeatureContext());
  const served = new Map<string, number>();
  app.get('/:flag', async (request, response) => {
    const flag = request.params.flag;
    const details = await OpenFeature.getClient(domain).getBooleanDetails(flag, false);
    const behaviour = behaviours[flag] ?? {};
    if (details.variant === 'on') {
      const count = (served.get(flag) ?? 0) + 1;
      served.set(flag, count);
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (behaviour.failEvery && count % behaviour.failEvery === 0) {
        response.status(500).json({ variant: details.variant });
        return;
      }
    }
    response.json({ variant: details.variant });
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async request(flag, user) {
      const response = await fetch(`${url}/${flag}`, { headers: { 'x-user-id': user } });
      const body = (await response.json()) as { variant?: string };
      return { status: response.status, variant: body.variant };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Sends requests as `users` users in turn, a few at a time, until `done()` says so or `timeoutMs`
 * passes (traffic to loopback only, bounded in count and time).
 */
export async function driveTraffic(
  app: RolloutApp,
  flag: string,
  options: { users: number; done: () => Promise<boolean>; timeoutMs: number; concurrency?: number },
): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  let sent = 0;
  let finished = false;
  const worker = async (offset: number) => {
    for (let i = offset; !finished && Date.now() < deadline; i += options.concurrency ?? 4) {
      await app.request(flag, `user-${i % options.users}`);
      sent++;
    }
  };
  const watcher = (async () => {
    while (!finished && Date.now() < deadline) {
      if (await options.done()) finished = true;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    finished = true;
  })();
  await Promise.all([watcher, ...Array.from({ length: options.concurrency ?? 4 }, (_, i) => worker(i))]);
  return sent;
}
