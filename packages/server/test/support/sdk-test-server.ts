import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { type EnvironmentRef, FlagSetRegistry } from '../../src/flag-sets/flag-set-registry.js';
import { generateSecret, hashSecret, sdkKeyPrefixes } from '../../src/kernel/secrets.js';
import { registerHttpMetrics } from '../../src/metrics/http-metrics-hook.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { registerMetricsRoute } from '../../src/metrics/metrics-route.js';
import { InMemorySdkKeyAuthenticator } from '../../src/sdk/access/sdk-key-authenticator.js';
import { registerSdkRoutes } from '../../src/sdk/sdk-routes.js';
import type { SdkKey } from '../../src/sdk-keys/sdk-key-store.js';

export interface SdkTestServer {
  url: string;
  app: FastifyInstance;
  registry: FlagSetRegistry;
  metrics: Metrics;
  /** Creates an SDK key for the environment and returns the raw key. */
  addKey(environmentId: string, kind: 'server' | 'client'): string;
  revokeKey(rawKey: string): void;
  close(): Promise<void>;
}

export function envRef(environmentId: string): EnvironmentRef {
  return { environmentId, projectKey: 'default', environmentKey: environmentId };
}

/** A Fastify app with only the SDK routes, on loopback, with a registry the test publishes into. */
export async function startSdkTestServer(
  options: { open?: boolean; heartbeatMs?: number; fastPath?: boolean } = {},
): Promise<SdkTestServer> {
  const registry = new FlagSetRegistry();
  const metrics = new Metrics();
  const authenticator = options.open ? null : new InMemorySdkKeyAuthenticator();
  const keys = new Map<string, SdkKey>();
  const app = Fastify({ logger: false });
  registerHttpMetrics(app, metrics);
  registerSdkRoutes(app, {
    registry,
    sdkKeys: authenticator,
    metrics,
    streamHeartbeatMs: options.heartbeatMs ?? 15_000,
    ofrepBodyLimit: 16 * 1024,
    ofrepFastPath: options.fastPath ?? true,
  });
  registerMetricsRoute(app, metrics, registry);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    registry,
    metrics,
    addKey(environmentId, kind) {
      if (!authenticator) throw new Error('the server is open: it has no keys');
      const raw = generateSecret(sdkKeyPrefixes[kind]);
      const key: SdkKey = {
        id: randomUUID(),
        environmentId,
        name: 'test',
        kind,
        prefix: raw.slice(0, 14),
        keyHash: hashSecret(raw),
        createdAt: new Date().toISOString(),
        revokedAt: null,
      };
      keys.set(raw, key);
      authenticator.add(key);
      return raw;
    },
    revokeKey(raw) {
      const key = keys.get(raw);
      if (key) authenticator?.revoke(key);
    },
    close: () => app.close(),
  };
}
