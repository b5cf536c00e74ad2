import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenFeature } from '@openfeature/server-sdk';
import express from 'express';
import { openFeatureContext } from '../../src/middleware/express.js';

export interface CheckoutApp {
  /** GET /checkout as a user (x-user-id): evaluates the `checkout` flag and answers its variant. */
  request(user: string): Promise<string>;
  close(): Promise<void>;
}

/** An Express service behind the request middleware that evaluates one flag per request. */
export async function startCheckoutApp(): Promise<CheckoutApp> {
  const app = express();
  app.use(openFeatureContext());
  app.get('/checkout', async (_request, response) => {
    const details = await OpenFeature.getClient().getBooleanDetails('checkout', false);
    response.json({ variant: details.variant });
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async request(user) {
      const response = await fetch(`${url}/checkout`, { headers: { 'x-user-id': user } });
      return ((await response.json()) as { variant: string }).variant;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
