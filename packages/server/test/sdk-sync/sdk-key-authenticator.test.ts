import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, sdkKeyPrefixes } from '../../src/kernel/secrets.js';
import { InMemorySdkKeyAuthenticator } from '../../src/sdk/access/sdk-key-authenticator.js';
import type { SdkKey } from '../../src/sdk-keys/sdk-key-store.js';

function newKey(environmentId: string): { raw: string; key: SdkKey } {
  const raw = generateSecret(sdkKeyPrefixes.server);
  const key: SdkKey = {
    id: randomUUID(),
    environmentId,
    name: 'test',
    kind: 'server',
    prefix: raw.slice(0, 14),
    keyHash: hashSecret(raw),
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  return { raw, key };
}

// Keys found once are remembered (no hash per request); none of that may outlive a revocation.
describe('SDK key authentication with remembered keys', () => {
  it('fails a remembered key the moment it is revoked', () => {
    const authenticator = new InMemorySdkKeyAuthenticator();
    const { raw, key } = newKey('dev');
    authenticator.add(key);
    expect(authenticator.authenticate(raw)?.keyId).toBe(key.id);
    expect(authenticator.authenticate(raw)?.environmentId).toBe('dev');
    authenticator.revoke(key);
    expect(authenticator.authenticate(raw)).toBeNull();
  });

  it('fails remembered keys of deleted environments and keys other replicas revoked', () => {
    const authenticator = new InMemorySdkKeyAuthenticator();
    const dev = newKey('dev');
    const prod = newKey('prod');
    authenticator.add(dev.key);
    authenticator.add(prod.key);
    expect(authenticator.authenticate(dev.raw)).not.toBeNull();
    expect(authenticator.authenticate(prod.raw)).not.toBeNull();
    authenticator.removeEnvironments(['dev']);
    expect(authenticator.authenticate(dev.raw)).toBeNull();
    expect(authenticator.authenticate(prod.raw)?.environmentId).toBe('prod');
    authenticator.replaceAll([{ ...prod.key, revokedAt: new Date().toISOString() }]);
    expect(authenticator.authenticate(prod.raw)).toBeNull();
  });

  it('finds a key added after an unknown key was presented', () => {
    const authenticator = new InMemorySdkKeyAuthenticator();
    const { raw, key } = newKey('dev');
    expect(authenticator.authenticate(raw)).toBeNull();
    authenticator.add(key);
    expect(authenticator.authenticate(raw)?.keyId).toBe(key.id);
  });
});
