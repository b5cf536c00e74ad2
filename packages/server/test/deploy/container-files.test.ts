import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startServer } from '../../src/start-server.js';
import { execForm, type Instruction, parseDockerfile, splitFlags } from '../support/dockerfile.js';

// Images cannot be built here (no Docker, no base images): the files are checked for what can be
// checked without building them.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (path: string) => readFileSync(`${repoRoot}${path}`, 'utf8');

/** Names that say "secret": such an ENV, ARG or compose variable must not carry a literal value. */
const secretName = /(TOKEN|PASSWORD|SECRET|PASSWD|CREDENTIAL|API_?KEY)/i;

describe('Dockerfile', () => {
  const instructions = parseDockerfile(read('Dockerfile'));
  const stages = instructions.filter((i) => i.keyword === 'FROM');
  const finalStage = stages.length - 1;
  const inFinal = (keyword: string) =>
    instructions.filter((i) => i.stage === finalStage && i.keyword === keyword);
  const globalArgs = new Map(
    instructions
      .filter((i) => i.stage === -1 && i.keyword === 'ARG')
      .map((i) => i.args.split('=') as [string, string]),
  );
  const expand = (text: string) => text.replace(/\$\{(\w+)\}/g, (_, name) => globalArgs.get(name) ?? '');

  it('builds in stages on a slim Node 20 image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) {
      const image = expand(from.args.split(' ')[0]!);
      expect(image, `line ${from.line}`).toMatch(/^node:20(\.\d+)*-(bookworm-)?slim$/);
    }
    expect(stages[0]!.args).toMatch(/ AS build$/i);
    // The image that runs copies build results, not sources to compile.
    const copies = inFinal('COPY').map((i) => splitFlags(i.args).flags.from);
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.every((from) => from === 'build')).toBe(true);
  });

  it('installs with the lockfile, builds, and prunes dev dependencies', () => {
    const build = instructions.filter((i) => i.stage === 0);
    const copied = build.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    const runs = build.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    const installAt = build.findIndex((i) => i.keyword === 'RUN' && /\bnpm (install|ci)\b/.test(i.args));
    const lockAt = build.findIndex((i) => i.keyword === 'COPY' && i.args.includes('package-lock.json'));
    expect(lockAt).toBeGreaterThanOrEqual(0);
    expect(installAt).toBeGreaterThan(lockAt);
    expect(runs.some((run) => /\bnpm run build\b/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm prune --omit=dev\b/.test(run))).toBe(true);
    // Every file or directory it copies from the build context exists.
    for (const args of copied) {
      const parts = splitFlags(args).rest.split(' ');
      for (const source of parts.slice(0, -1)) expect(existsSync(`${repoRoot}${source}`), source).toBe(true);
    }
  });

  it('runs as an unprivileged user, with a health check on /healthz, the port exposed and `switchyard serve`', () => {
    const users = inFinal('USER');
    expect(users.length).toBe(1);
    const user = users[0]!.args.split(':')[0]!;
    expect(['root', '0', '']).not.toContain(user);
    // Numeric, so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
    expect(user).toMatch(/^[1-9]\d*$/);

    const [healthcheck] = inFinal('HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const { flags, rest } = splitFlags(healthcheck!.args);
    expect(Object.keys(flags).sort()).toEqual(['interval', 'retries', 'start-period', 'timeout']);
    expect(rest.startsWith('CMD ')).toBe(true);
    const probe = execForm(rest.slice(4))!;
    expect(probe[0]).toBe('node');
    expect(probe.join(' ')).toContain('/healthz');
    // The probe must exit non-zero on failure (a fetch that throws, or a non-2xx answer).
    expect(probe.join(' ')).toMatch(/process\.exit\(r\.ok \? 0 : 1\), \(\) => process\.exit\(1\)/);

    expect(inFinal('EXPOSE').map((i) => i.args)).toEqual(['8080']);
    const env = inFinal('ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toContain('HOST=0.0.0.0');
    expect(env).toContain('PORT=8080');
    const entrypoint = execForm(inFinal('ENTRYPOINT')[0]!.args)!;
    const command = execForm(inFinal('CMD')[0]!.args)!;
    expect(entrypoint).toEqual(['node', '/app/packages/cli/bin/switchyard.js']);
    expect(command).toEqual(['serve']);
    // /app is the repository's root in the image (WORKDIR, COPY).
    expect(inFinal('WORKDIR').map((i) => i.args)).toEqual(['/app']);
    expect(existsSync(`${repoRoot}${entrypoint[1]!.slice('/app/'.length)}`)).toBe(true);
    expect(inFinal('STOPSIGNAL').map((i) => i.args)).toEqual(['SIGTERM']);
    // USER comes after everything that needs root (creating /data).
    const last = (keyword: string) => instructions.findLastIndex((i: Instruction) => i.keyword === keyword);
    expect(last('USER')).toBeGreaterThan(last('RUN'));
  });

  it('has a health check command that passes against a live server and fails without one', async () => {
    const [healthcheck] = inFinal('HEALTHCHECK');
    const probe = execForm(splitFlags(healthcheck!.args).rest.slice(4))!;
    const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-healthcheck-'));
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: false });
    // Asynchronously: the server answers from this very process.
    const run = (port: number) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, probe.slice(1), {
          env: { ...process.env, PORT: String(port) },
          stdio: 'ignore',
          timeout: 10_000,
        });
        child.once('exit', (code) => resolve(code));
      });
    try {
      expect(await run(server.port)).toBe(0);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(await run(server.port)).toBe(1);
  });

  it('bakes in no secret', () => {
    for (const instruction of instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')) {
      for (const [, name, value] of instruction.args.matchAll(/(\w+)=(\S*)/g)) {
        if (secretName.test(name!)) expect(value, `${name} at line ${instruction.line}`).toBe('');
      }
    }
    expect(read('Dockerfile')).not.toMatch(/sy_(admin|server|client)_|postgres:\/\/[^@\s]+:[^@\s]+@/);
    // Local secrets and dependencies never reach the build context.
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.git', '**/node_modules', '.env', '.switchyard']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const compose = parseYaml(read('compose.yaml')) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };
  const { postgres, switchyard } = compose.services as Record<string, Record<string, never>>;

  it('runs PostgreSQL with a health check and a named volume', () => {
    expect(postgres).toBeDefined();
    expect(String(postgres!.image)).toMatch(/^postgres:1[4-9]/);
    const healthcheck = postgres!.healthcheck as { test: string[] };
    expect(healthcheck.test.join(' ')).toContain('pg_isready');
    const [volume] = postgres!.volumes as string[];
    const name = volume!.split(':')[0]!;
    expect(volume).toMatch(/:\/var\/lib\/postgresql\/data$/);
    expect(Object.keys(compose.volumes)).toContain(name);
  });

  it('starts Switchyard from this Dockerfile once PostgreSQL is healthy, on it', () => {
    expect(switchyard).toBeDefined();
    expect(switchyard!.build).toBe('.');
    expect(switchyard!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const env = switchyard!.environment as Record<string, string>;
    expect(env.SWITCHYARD_DB).toMatch(
      /^postgres:\/\/switchyard:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/switchyard$/,
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation, not a JavaScript template
    expect(switchyard!.ports).toEqual(['${SWITCHYARD_PORT:-8080}:8080']);
    // Compose waits this long after SIGTERM before killing: longer than the server's own grace period.
    const grace = Number(env.SWITCHYARD_SHUTDOWN_GRACE_PERIOD_MS ?? 25000);
    expect(Number.parseInt(String(switchyard!.stop_grace_period), 10) * 1000).toBeGreaterThan(grace);
    // Every variable it sets is one the server knows.
    for (const name of Object.keys(env)) expect(name).toMatch(/^SWITCHYARD_[A-Z_]+$/);
  });

  it('takes every secret from the environment, never from the file', () => {
    for (const service of Object.values(compose.services)) {
      const env = (service.environment ?? {}) as Record<string, string>;
      for (const [name, value] of Object.entries(env)) {
        if (secretName.test(name)) expect(value, name).toMatch(/^\$\{\w+(:?[-?][^}]*)?\}$/);
      }
    }
    expect(read('compose.yaml')).not.toMatch(/postgres:\/\/[^@\s$]+:[^@\s$]+@/);
  });
});
