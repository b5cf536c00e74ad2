import { createHash, randomBytes } from 'node:crypto';

/** Prefixes tell token kinds apart at a glance (and in secret scanners) without a lookup. */
export const adminTokenPrefix = 'sy_admin_';
export const sdkKeyPrefixes = { server: 'sy_server_', client: 'sy_client_' } as const;

/** 32 random bytes, base64url: 256 bits of entropy, so a plain SHA-256 is a sufficient hash at rest. */
export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const knownPrefixes = [adminTokenPrefix, sdkKeyPrefixes.server, sdkKeyPrefixes.client];

/**
 * The part of a secret that may be shown again later, to recognise it in a list: the kind prefix
 * and 4 random characters (24 of 256 bits). A secret of unknown shape shows its first 4 characters.
 */
export function displayPrefix(secret: string): string {
  const kind = knownPrefixes.find((prefix) => secret.startsWith(prefix)) ?? '';
  return `${secret.slice(0, kind.length + 4)}…`;
}

export function looksLikeSdkKey(secret: string): boolean {
  return secret.startsWith(sdkKeyPrefixes.server) || secret.startsWith(sdkKeyPrefixes.client);
}
