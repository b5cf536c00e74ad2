import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { resolveOidcOptions } from '../../src/config/oidc-settings.js';
import { accessOfGroups } from '../../src/sso/group-access.js';
import { safeReturnTo } from '../../src/sso/oidc-sign-in.js';

describe('access from identity-provider groups', () => {
  const mappings = [
    { group: 'staff', role: 'viewer' as const },
    { group: 'platform', role: 'admin' as const },
    { group: 'shop-team', role: 'editor' as const, projects: ['shop'] },
    { group: 'web-team', role: 'viewer' as const, projects: ['web'] },
    { group: 'dev-editors', role: 'editor' as const, environments: ['development'] },
    { group: 'shop-release', role: 'admin' as const, projects: ['shop'], environments: ['production'] },
  ];

  it('refuses someone in no mapped group', () => {
    expect(accessOfGroups(['contractors'], mappings)).toBeNull();
    expect(accessOfGroups([], mappings)).toBeNull();
  });

  it('takes the strongest role that reaches everywhere', () => {
    expect(accessOfGroups(['staff', 'platform'], mappings)).toEqual({
      role: 'admin',
      projects: null,
      grants: [],
    });
  });

  it('raises a project-limited role above the everywhere role only in its projects', () => {
    expect(accessOfGroups(['staff', 'shop-team'], mappings)).toEqual({
      role: 'viewer',
      projects: null,
      grants: [{ role: 'editor', project: 'shop' }],
    });
  });

  it('limits the reach to the mapped projects when nothing reaches everywhere', () => {
    expect(accessOfGroups(['shop-team', 'web-team'], mappings)).toEqual({
      role: 'viewer',
      projects: ['shop', 'web'],
      grants: [{ role: 'editor', project: 'shop' }],
    });
  });

  it('turns environment mappings into grants, of every project or of named ones', () => {
    expect(accessOfGroups(['staff', 'dev-editors', 'shop-release'], mappings)).toEqual({
      role: 'viewer',
      projects: null,
      grants: [
        { role: 'editor', environment: 'development' },
        { role: 'admin', project: 'shop', environment: 'production' },
      ],
    });
    // Only an environment mapping: it reads where it reaches, and edits its environment.
    expect(accessOfGroups(['shop-release'], mappings)).toEqual({
      role: 'viewer',
      projects: ['shop'],
      grants: [{ role: 'admin', project: 'shop', environment: 'production' }],
    });
  });
});

describe('single sign-on settings', () => {
  const valid = {
    issuer: 'https://login.example.com',
    clientId: 'switchyard',
    roleMappings: [{ group: 'staff', role: 'viewer' }],
  };

  it('are off without an issuer, and read from SWITCHYARD_OIDC_* variables', () => {
    expect(resolveOidcOptions(undefined, {})).toBeUndefined();
    expect(
      resolveOidcOptions(undefined, {
        SWITCHYARD_OIDC_ISSUER: 'https://login.example.com',
        SWITCHYARD_OIDC_CLIENT_ID: 'switchyard',
        SWITCHYARD_OIDC_SCOPES: 'openid profile groups',
        SWITCHYARD_OIDC_ROLE_MAPPINGS: '[{"group":"staff","role":"viewer","projects":["shop"]}]',
      }),
    ).toEqual({
      issuer: 'https://login.example.com',
      clientId: 'switchyard',
      scopes: ['openid', 'profile', 'groups'],
      roleMappings: [{ group: 'staff', role: 'viewer', projects: ['shop'] }],
    });
  });

  it('name the wrong setting, with the right name for a misspelt one', () => {
    const fails = (options: object, message: string) =>
      expect(() => resolveOidcOptions(options as never, {})).toThrow(
        expect.objectContaining({ constructor: ConfigError, message: expect.stringContaining(message) }),
      );
    fails({ ...valid, clientID: 'x' }, "oidc.clientID is not a setting (did you mean 'clientId'?)");
    fails(
      { ...valid, issuer: 'http://login.example.com' },
      'must be an https URL (http only on a loopback address)',
    );
    fails({ ...valid, roleMappings: [] }, 'must list at least one');
    fails(
      { ...valid, roleMappings: [{ group: 'g', role: 'owner' }] },
      'oidc.roleMappings[0].role must be one of admin, editor, viewer',
    );
    fails(
      { ...valid, roleMappings: [{ group: 'g', role: 'viewer', project: ['a'] }] },
      "did you mean 'projects'?",
    );
    fails({ ...valid, scopes: ['profile'] }, 'must include "openid"');
    expect(resolveOidcOptions({ ...valid, issuer: 'http://127.0.0.1:9000' } as never, {})?.issuer).toBe(
      'http://127.0.0.1:9000',
    );
  });
});

describe('where a sign-in returns to', () => {
  it('is a path on this server, never another site', () => {
    expect(safeReturnTo('/flags?kind=release')).toBe('/flags?kind=release');
    for (const bad of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '',
      'flags',
    ])
      expect(safeReturnTo(bad)).toBe('/');
  });
});
