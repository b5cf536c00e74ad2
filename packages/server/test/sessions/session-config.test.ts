import { describe, expect, it } from 'vitest';
import { ConfigError, resolveServerConfig } from '../../src/config/server-config.js';

describe('dashboard options', () => {
  it('lasts a session 12 hours unless told, from the option or SWITCHYARD_SESSION_TTL_MS', () => {
    expect(resolveServerConfig({}, {}).sessionTtlMs).toBe(12 * 3600_000);
    expect(resolveServerConfig({}, { SWITCHYARD_SESSION_TTL_MS: '3600000' }).sessionTtlMs).toBe(3600_000);
    expect(
      resolveServerConfig({ sessionTtlMs: 120_000 }, { SWITCHYARD_SESSION_TTL_MS: '3600000' }).sessionTtlMs,
    ).toBe(120_000);
  });

  it('refuses a session length outside 1 minute to 30 days, naming the setting', () => {
    for (const value of ['1000', '12h', String(31 * 86_400_000)]) {
      expect(() => resolveServerConfig({}, { SWITCHYARD_SESSION_TTL_MS: value })).toThrow(ConfigError);
      expect(() => resolveServerConfig({}, { SWITCHYARD_SESSION_TTL_MS: value })).toThrow(
        /SWITCHYARD_SESSION_TTL_MS.*1 minute.*30 days/,
      );
    }
  });

  it('takes the dashboard folder from the option or SWITCHYARD_DASHBOARD_DIR', () => {
    expect(resolveServerConfig({}, {}).dashboardDir).toBeUndefined();
    expect(resolveServerConfig({}, { SWITCHYARD_DASHBOARD_DIR: '/srv/dashboard' }).dashboardDir).toBe(
      '/srv/dashboard',
    );
    expect(
      resolveServerConfig({ dashboardDir: '/opt/d' }, { SWITCHYARD_DASHBOARD_DIR: '/srv/dashboard' })
        .dashboardDir,
    ).toBe('/opt/d');
  });
});
