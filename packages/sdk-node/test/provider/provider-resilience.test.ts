import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SwitchyardProvider, type SwitchyardProviderOptions } from '../../src/index.js';
import { ADMIN_TOKEN, AdminApi } from '../support/admin-api.js';
import { EventLog, eventually, flagsChanged, silentLogger } from '../support/event-log.js';
import { GatedFetch } from '../support/gated-fetch.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/temp-dir.js';

// The server runs in a child process so it can be killed with SIGKILL (no goodbye on the stream)
// and started again on the same port and data dir.
const dirs: Array<{ path: string; remove(): void }> = [];
const processes: ServerProcess[] = [];
const quickReconnect = { initialDelayMs: 50, maxDelayMs: 400, jitter: 0.5 };
let domains = 0;

async function serverOn(dataDir: string, port = 0): Promise<{ server: ServerProcess; admin: AdminApi }> {
  const server = await startServerProcess({ dataDir, port, adminToken: ADMIN_TOKEN });
  processes.push(server);
  return { server, admin: new AdminApi(server.url) };
}

function newDataDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir.path;
}

function providerFor(url: string, options: Partial<SwitchyardProviderOptions>) {
  const provider = new SwitchyardProvider({
    url,
    logger: silentLogger,
    reconnect: quickReconnect,
    ...options,
  });
  const log = new EventLog(provider);
  const domain = `resilience-${++domains}`;
  return { provider, log, domain, client: OpenFeature.getClient(domain) };
}

beforeAll(async () => {
  // Bundles the server once up front, so the first test's timings are not the bundler's.
  const { server } = await serverOn(newDataDir());
  await server.stop();
}, 60_000);
afterEach(async () => {
  await OpenFeature.close();
  for (const server of processes.splice(0)) await server.stop();
});
afterAll(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

describe('SwitchyardProvider when the server goes away', () => {
  it('keeps serving through a kill -9, reports STALE, then catches up with the changes made while it was away', async () => {
    const dataDir = newDataDir();
    const first = await serverOn(dataDir);
    await first.admin.createBooleanFlag('new-checkout');
    await first.admin.configure('new-checkout', { defaultVariant: 'off' });
    const sdkKey = await first.admin.sdkKey();
    const gate = new GatedFetch();
    const { provider, log, domain, client } = providerFor(first.server.url, { sdkKey, fetch: gate.fetch });
    await OpenFeature.setProviderAndWait(domain, provider);
    expect(await client.getBooleanValue('new-checkout', true)).toBe(false);
    const versionBefore = provider.flagSetVersion;

    // Held back from reconnecting, the provider stays away while the server restarts and changes.
    gate.close();
    await first.server.kill9();
    const stale = await log.waitFor(ProviderEvents.Stale);
    expect(stale.details?.message).toMatch(/lost the connection.*serving the last known flag set/);
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(await client.getBooleanDetails('new-checkout', true)).toMatchObject({
      value: false,
      reason: 'STATIC',
    });

    const second = await serverOn(dataDir, first.server.port);
    await second.admin.configure('new-checkout', { defaultVariant: 'on' });
    await second.admin.createBooleanFlag('added-while-away');
    await second.admin.configure('added-while-away', { defaultVariant: 'on' });
    // Still away: the last known set, nothing new.
    expect(await client.getBooleanValue('new-checkout', false)).toBe(false);
    expect(await client.getBooleanDetails('added-while-away', false)).toMatchObject({
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });

    const afterStale = log.events.length;
    gate.open();
    await log.waitFor(ProviderEvents.Ready, { from: afterStale });
    await eventually(() => new Set(log.changedSince(afterStale)).size, 2, 5000);
    expect(new Set(log.changedSince(afterStale))).toEqual(new Set(['new-checkout', 'added-while-away']));
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(await client.getBooleanValue('new-checkout', false)).toBe(true);
    expect(await client.getBooleanValue('added-while-away', false)).toBe(true);
    expect(provider.flagSetVersion).toBeGreaterThan(versionBefore ?? 0);

    // Live again: a change after the catch-up arrives as usual.
    await second.admin.configure('new-checkout', { defaultVariant: 'off' });
    await eventually(() => client.getBooleanValue('new-checkout', true), false, 2000);
  });

  it('reconnects by itself (backoff, no help) when the server comes back', async () => {
    const dataDir = newDataDir();
    const first = await serverOn(dataDir);
    await first.admin.createBooleanFlag('new-checkout');
    await first.admin.configure('new-checkout', { defaultVariant: 'off' });
    const sdkKey = await first.admin.sdkKey();
    const { provider, log, domain, client } = providerFor(first.server.url, { sdkKey });
    await OpenFeature.setProviderAndWait(domain, provider);
    await first.server.kill9();
    await log.waitFor(ProviderEvents.Stale);
    const second = await serverOn(dataDir, first.server.port);
    await log.waitFor(ProviderEvents.Ready, { timeoutMs: 5000 });
    await second.admin.configure('new-checkout', { defaultVariant: 'on' });
    await eventually(() => client.getBooleanValue('new-checkout', false), true, 2000);
    expect(log.types().filter((type) => type === ProviderEvents.Stale)).toHaveLength(1);
  });

  /** A server's data dir holding flags and a key, with the server stopped: "down at start". */
  async function stoppedServer() {
    const dataDir = newDataDir();
    const { server, admin } = await serverOn(dataDir);
    await admin.createBooleanFlag('new-checkout');
    await admin.configure('new-checkout', { defaultVariant: 'off' });
    await admin.createBooleanFlag('only-on-server');
    await admin.configure('only-on-server', { defaultVariant: 'on' });
    const sdkKey = await admin.sdkKey();
    await server.stop();
    return { dataDir, port: server.port, url: server.url, sdkKey };
  }

  it('starts from a bootstrap file when the server is down, then catches up when it comes up', async () => {
    const down = await stoppedServer();
    const bootstrapFile = join(newDataDir(), 'bootstrap.json');
    writeFileSync(
      bootstrapFile,
      JSON.stringify({
        flags: {
          'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
          'only-in-bootstrap': { state: 'ENABLED', variants: { a: 'a' }, defaultVariant: 'a' },
        },
      }),
    );
    const { provider, log, domain, client } = providerFor(down.url, {
      sdkKey: down.sdkKey,
      bootstrap: bootstrapFile,
    });
    await OpenFeature.setProviderAndWait(domain, provider);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(provider.state).toBe('bootstrapped');
    expect(provider.lastError?.code).toBe('NETWORK_ERROR');
    expect(await client.getBooleanValue('new-checkout', false)).toBe(true);
    expect(await client.getStringValue('only-in-bootstrap', 'x')).toBe('a');
    // The SDK announced READY when initialize() resolved; retries while the server is down announce
    // nothing more: the application already has a working set.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(log.types()).toEqual([]);

    await serverOn(down.dataDir, down.port);
    const changed = await log.waitFor(ProviderEvents.ConfigurationChanged, { timeoutMs: 5000 });
    expect(new Set(flagsChanged(changed))).toEqual(
      new Set(['new-checkout', 'only-in-bootstrap', 'only-on-server']),
    );
    expect(provider.state).toBe('ready');
    expect(await client.getBooleanValue('new-checkout', true)).toBe(false);
    expect(await client.getBooleanValue('only-on-server', false)).toBe(true);
    expect(await client.getStringDetails('only-in-bootstrap', 'x')).toMatchObject({
      value: 'x',
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
  });

  it('without a bootstrap, reports ERROR when the server is down at start, then READY when it comes up', async () => {
    const down = await stoppedServer();
    const { provider, log, domain, client } = providerFor(down.url, { sdkKey: down.sdkKey });
    await expect(OpenFeature.setProviderAndWait(domain, provider)).rejects.toThrow(
      /cannot sync flags from Switchyard.*ECONNREFUSED/,
    );
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(await client.getBooleanDetails('new-checkout', true)).toMatchObject({
      value: true,
      errorCode: ErrorCode.PROVIDER_NOT_READY,
    });

    await serverOn(down.dataDir, down.port);
    await log.waitFor(ProviderEvents.Ready, { timeoutMs: 5000 });
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(await client.getBooleanValue('new-checkout', true)).toBe(false);
  });

  it('refuses to start on a broken bootstrap file, naming it', async () => {
    const file = join(newDataDir(), 'broken.json');
    writeFileSync(file, '{"flags": {"a": {"state": "ENABLED"}}}');
    const { provider, domain } = providerFor('http://127.0.0.1:9', {
      sdkKey: 'sy_server_x',
      bootstrap: file,
    });
    await expect(OpenFeature.setProviderAndWait(domain, provider)).rejects.toMatchObject({
      code: ErrorCode.PROVIDER_FATAL,
      message: expect.stringContaining(`the bootstrap flag set (${file}) is not valid: /flags/a`),
    });
  });
});
