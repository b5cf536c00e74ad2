import { describe, expect, it } from 'vitest';
import { displayPrefix, generateSecret, hashSecret, looksLikeSdkKey } from '../../src/kernel/secrets.js';

describe('secrets', () => {
  it('shows only the kind prefix and 4 characters, even when the random part contains underscores', () => {
    expect(displayPrefix('sy_server_ab_cdefgh_ijklmnop')).toBe('sy_server_ab_c…');
    expect(displayPrefix('a-configured-token-1234')).toBe('a-co…');
    for (let i = 0; i < 200; i++) {
      const secret = generateSecret('sy_client_');
      expect(displayPrefix(secret)).toHaveLength('sy_client_'.length + 5);
    }
  });

  it('generates 256-bit base64url secrets and hashes them with SHA-256', () => {
    const secret = generateSecret('sy_admin_');
    expect(secret).toMatch(/^sy_admin_[A-Za-z0-9_-]{43}$/);
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toBe(hashSecret(generateSecret('sy_admin_')));
    expect(looksLikeSdkKey(generateSecret('sy_server_'))).toBe(true);
    expect(looksLikeSdkKey(secret)).toBe(false);
  });
});
