import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LaunchedChromium, launchChromium } from '@switchyard/testkit';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envRef, type SdkTestServer, startSdkTestServer } from '../support/sdk-test-server.js';
import { ofrepFixture } from './fixtures.js';

// The official OFREP web provider, unchanged, in headless Chromium, served from ANOTHER origin than
// the server (so CORS preflights are real), with a real EventSource: a change published on the
// server reaches the page through the ADR-0008 notification stream and a bulk refetch.
const entry = `
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
window.startFlags = async (baseUrl, key) => {
  await OpenFeature.setContext({ targetingKey: 'user-1', email: 'bob@example.com' });
  await OpenFeature.setProviderAndWait(
    new OFREPWebProvider({ baseUrl, headers: [['X-API-Key', key]], cacheMode: 'disabled' }),
  );
  const client = OpenFeature.getClient();
  window.flagChanges = 0;
  client.addHandler(ProviderEvents.ConfigurationChanged, () => { window.flagChanges++; });
  window.readFlag = (flag, fallback) => client.getStringDetails(flag, fallback);
  return client.getStringDetails('targeted', 'none');
};
`;

/** What the bundled page script puts on `window`. */
type FlagsWindow = Window & {
  startFlags(baseUrl: string, key: string): Promise<{ value: string }>;
  readFlag(flag: string, fallback: string): { value: string };
  flagChanges: number;
};

let server: SdkTestServer;
let page: Server;
let chromium: LaunchedChromium | null = null;
let key: string;

async function servePage(script: string): Promise<Server> {
  const html = '<!doctype html><html><head><script src="/app.js"></script></head><body></body></html>';
  const pageServer = createServer((request, response) => {
    if (request.url === '/app.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else response.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  return pageServer;
}

beforeAll(async () => {
  chromium = await launchChromium('OFREP web provider browser test');
  server = await startSdkTestServer();
  server.registry.publish(envRef('dev'), ofrepFixture, 1);
  key = server.addKey('dev', 'client');
  const bundle = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  page = await servePage(bundle.outputFiles[0]!.text);
});

afterAll(async () => {
  await chromium?.close();
  page?.close();
  await server?.close();
});

describe('@openfeature/ofrep-web-provider in Chromium', () => {
  it('evaluates cross-origin and follows changes pushed over the event stream', async (ctx) => {
    if (!chromium) return ctx.skip();
    const tab = await chromium.browser.newPage();
    const pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    await tab.goto(pageUrl);
    const first = await tab.evaluate(
      ([url, sdkKey]) => (window as unknown as FlagsWindow).startFlags(url!, sdkKey!),
      [server.url, key],
    );
    expect(first).toMatchObject({ value: 'red', reason: 'DEFAULT', flagMetadata: { owner: 'payments' } });

    // The page holds an EventSource on the notification stream.
    const gauge = 'switchyard_stream_clients{project="default",environment="dev",stream="ofrep"} 1';
    await expect.poll(() => server.metrics.render([]), { timeout: 5000 }).toContain(gauge);

    const changed = structuredClone(ofrepFixture);
    changed.flags.targeted!.defaultVariant = 'blue';
    server.registry.publish(envRef('dev'), changed, 2);
    await tab.waitForFunction(
      () => (window as unknown as FlagsWindow).readFlag('targeted', 'none').value === 'blue',
      undefined,
      {
        timeout: 10_000,
      },
    );
    expect(await tab.evaluate(() => (window as unknown as FlagsWindow).flagChanges)).toBeGreaterThanOrEqual(
      1,
    );
    await tab.close();
  });
});
