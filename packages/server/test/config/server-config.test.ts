import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configKeys, ServerConfigFileSchema } from '../../src/config/config-schema.js';
import { ConfigError, resolveServerConfig } from '../../src/config/server-config.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('server configuration from a file, the environment and options', () => {
  it('reads YAML, with paths relative to the file', () => {
    const path = file(
      'etc/switchyard.yaml',
      [
        'port: 9000',
        'host: 0.0.0.0',
        'dataDir: data',
        'logLevel: warn',
        'shutdownGracePeriodMs: 20000',
        'shutdownDelayMs: 5000',
        'flagKeyPattern: "^[a-z]+$"',
      ].join('\n'),
    );
    const config = resolveServerConfig({ configFile: path }, {});
    expect(config.port).toBe(9000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(join(dir, 'etc', 'data'));
    expect(config.db).toBe(join(dir, 'etc', 'data', 'switchyard.db'));
    expect(config.logger).toEqual({ level: 'warn' });
    expect(config.shutdownGracePeriodMs).toBe(20000);
    expect(config.shutdownDelayMs).toBe(5000);
    expect(config.flagKeyRule.test('abc')).toBe(true);
    expect(config.flagKeyRule.test('a-b')).toBe(false);
  });

  it('reads JSON, and a postgres URL is not a path', () => {
    const path = file('config.json', JSON.stringify({ db: 'postgres://switchyard@db:5432/switchyard' }));
    expect(resolveServerConfig({ configFile: path }, {}).db).toBe('postgres://switchyard@db:5432/switchyard');
  });

  it('finds the file through SWITCHYARD_CONFIG, relative to the working directory', () => {
    file('from-env/config.yaml', 'port: 7000\n');
    expect(resolveServerConfig({ cwd: dir }, { SWITCHYARD_CONFIG: 'from-env/config.yaml' }).port).toBe(7000);
  });

  it('takes options over environment variables over the file over defaults', () => {
    const path = file('layers.yaml', 'port: 1111\nhost: file-host\ndataDir: /file-data\nbodyLimit: 4096\n');
    const env = { PORT: '2222', HOST: 'env-host' };
    const config = resolveServerConfig({ configFile: path, port: 3333 }, env);
    expect(config.port).toBe(3333);
    expect(config.host).toBe('env-host');
    expect(config.dataDir).toBe('/file-data');
    expect(config.bodyLimit).toBe(4096);
    expect(config.telemetryFlushMs).toBe(1000);
    expect(config.shutdownGracePeriodMs).toBe(25000);
    expect(config.shutdownDelayMs).toBe(0);
    expect(resolveServerConfig({ configFile: path }, env).port).toBe(2222);
    expect(resolveServerConfig({ configFile: path }, {}).port).toBe(1111);
    expect(resolveServerConfig({}, {}).port).toBe(8080);
  });

  it('names every wrong key of a file, with its path and the key meant', () => {
    const path = file(
      'wrong.yaml',
      ['prot: 80', 'port: "eighty"', 'shutdownGracePeriod: 5000', 'logLevel: loud', 'dataDir: data'].join(
        '\n',
      ),
    );
    const lines = problemOf(() => resolveServerConfig({ configFile: path }, {})).split('\n');
    expect(lines).toEqual([
      `${path}: unknown key "prot" (did you mean 'port'?)`,
      `${path}: "port" must be a whole number from 0 to 65535, got "eighty"`,
      `${path}: unknown key "shutdownGracePeriod" (did you mean 'shutdownGracePeriodMs'?)`,
      `${path}: "logLevel" must be one of trace, debug, info, warn, error, fatal, silent, got "loud"`,
    ]);
  });

  it('names the environment variable that is wrong', () => {
    const message = problemOf(() =>
      resolveServerConfig({}, { PORT: '80a', SWITCHYARD_SHUTDOWN_GRACE_PERIOD_MS: '-1' }),
    );
    expect(message.split('\n')).toEqual([
      'PORT must be a whole number from 0 to 65535, got "80a"',
      'SWITCHYARD_SHUTDOWN_GRACE_PERIOD_MS must be a whole number of milliseconds from 0 to 600000, got -1',
    ]);
  });

  it('names the flag that is wrong', () => {
    expect(problemOf(() => resolveServerConfig({ port: 70000 }, {}))).toBe(
      '--port must be a whole number from 0 to 65535, got 70000',
    );
  });

  it('keeps secrets out of its messages', () => {
    const path = file('secret.yaml', 'adminToken: short-secret\n');
    const message = problemOf(() => resolveServerConfig({ configFile: path }, {}));
    expect(message).toBe(
      `${path}: "adminToken" must be a string of at least 16 characters, got 12 characters`,
    );
    expect(message).not.toContain('short-secret');
  });

  it('says when the file is missing, is not YAML, or is not a mapping', () => {
    const missing = join(dir, 'missing.yaml');
    expect(problemOf(() => resolveServerConfig({ configFile: missing }, {}))).toBe(
      `cannot read the config file ${missing}: no such file`,
    );
    const broken = file('broken.yaml', 'port: [1, 2\n');
    expect(problemOf(() => resolveServerConfig({ configFile: broken }, {}))).toContain(
      `${broken}: not valid YAML or JSON`,
    );
    const list = file('list.yaml', '- port\n');
    expect(problemOf(() => resolveServerConfig({ configFile: list }, {}))).toBe(
      `${list}: must be a mapping of configuration keys to values`,
    );
    const duplicate = file('duplicate.yaml', 'port: 1\nport: 2\n');
    expect(problemOf(() => resolveServerConfig({ configFile: duplicate }, {}))).toContain('port');
  });

  it('refuses a drain delay longer than the grace period it is part of', () => {
    expect(
      problemOf(() => resolveServerConfig({ shutdownDelayMs: 30_000, shutdownGracePeriodMs: 25_000 }, {})),
    ).toContain('shutdownDelayMs (30000) must not be longer than shutdownGracePeriodMs (25000)');
  });

  it('documents every key and its environment variable', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    for (const [key, info] of Object.entries(configKeys)) {
      expect(doc, key).toContain(`\`${key}\``);
      if (info.env) expect(doc, info.env).toContain(`\`${info.env}\``);
    }
  });
});

describe('the published JSON Schema of the config file', () => {
  it('is the schema the server checks with (UPDATE_CONFIG_SCHEMA=1 rewrites it)', () => {
    const path = new URL('../../docs/config.schema.json', import.meta.url);
    const expected = `${JSON.stringify(
      {
        $schema: 'http://json-schema.org/draft-07/schema#',
        title: 'Switchyard server configuration',
        description:
          'The config file of `switchyard serve --config FILE` (YAML or JSON). See packages/server/docs/configuration.md.',
        ...ServerConfigFileSchema,
      },
      null,
      2,
    )}\n`;
    if (process.env.UPDATE_CONFIG_SCHEMA === '1') writeFileSync(path, expected);
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });
});
