import { FlagdWebProvider } from '@openfeature/flagd-web-provider';
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';

// The official flagd web provider (browsers; here in Node, which has fetch): flagd.evaluation.v1 over
// Connect's JSON on HTTP/1.1, ResolveAll for the static context and EventStream for changes, with a client
// key sent as a header by a Connect interceptor (its documented way to add headers).
const production = '/api/v1/projects/default/environments/production';

describe('flagd evaluation through @openfeature/flagd-web-provider 0.7 with a client key (SQLite)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'banner',
      variants: { on: 'shown', off: 'hidden' },
    });
    await t.api('PUT', `${production}/flags/banner`, {
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: { if: [{ '==': [{ var: 'plan' }, 'premium'] }, 'on', null] },
    });
  });
  afterAll(async () => {
    await OpenFeature.close();
    await t?.stop();
  });

  it('evaluates for the static context and follows a change made through the admin API', async () => {
    const key = (await t.api('POST', `${production}/sdk-keys`, { name: 'web', kind: 'client' })).body.key;
    await OpenFeature.setContext({ targetingKey: 'user-1', plan: 'premium' });
    await OpenFeature.setProviderAndWait(
      new FlagdWebProvider({
        host: '127.0.0.1',
        port: t.server.port,
        tls: false,
        maxRetries: 1,
        interceptors: [
          (next) => async (request) => {
            request.header.set('x-api-key', key);
            return next(request);
          },
        ],
      }),
    );
    const client = OpenFeature.getClient();
    expect(client.getStringDetails('banner', 'none')).toMatchObject({
      value: 'shown',
      variant: 'on',
      reason: 'TARGETING_MATCH',
    });

    const changed = new Promise<void>((resolve) =>
      client.addHandler(ProviderEvents.ConfigurationChanged, () => resolve()),
    );
    await t.api('PUT', `${production}/flags/banner`, { state: 'ENABLED', defaultVariant: 'off' });
    await changed;
    expect(client.getStringDetails('banner', 'none')).toMatchObject({
      value: 'hidden',
      variant: 'off',
      reason: 'STATIC',
    });
  });
});
