import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture, serveInProcess } from './support/serve-in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `serve` in-process in the test directory until it prints its URL. */
const serve = (args: string[], env: Record<string, string> = {}) => serveInProcess(args, dir, env);

describe('switchyard serve', () => {
  it('starts on SQLite in the data directory, prints the first admin token once, and stops on SIGTERM', async () => {
    const first = await serve(['--port', '0', '--host', '127.0.0.1', '--data-dir', 'data']);
    const token = /\n {2}(sy_admin_\S+)\n/.exec(first.stdout.text)?.[1];
    expect(token).toBeDefined();
    expect(first.stdout.text).toContain(`sqlite:${join(dir, 'data', 'switchyard.db')}`);
    const projects = await fetch(`${first.url}/api/v1/projects`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(projects.status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await serve(['--port', '0', '--host', '127.0.0.1', '--data-dir', 'data']);
    expect(second.stdout.text).not.toContain('sy_admin_');
    const again = await fetch(`${second.url}/api/v1/projects`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.status).toBe(200);
    expect(await second.stop()).toBe(0);
  });

  it('creates no admin token on a start that cannot listen, so the next start still shows one', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = String((blocker.address() as AddressInfo).port);
    const stderr = capture();
    const io = {
      stdout: capture().sink,
      stderr: stderr.sink,
      cwd: dir,
      env: { SWITCHYARD_LOG_LEVEL: 'silent' },
    };
    expect(await main(['serve', '--port', port, '--host', '127.0.0.1', '--data-dir', 'busy'], io)).toBe(1);
    expect(stderr.text).toContain(`port ${port} is already in use`);
    await new Promise((r) => blocker.close(r));
    const server = await serve(['--port', '0', '--host', '127.0.0.1', '--data-dir', 'busy']);
    expect(server.stdout.text).toMatch(/\n {2}sy_admin_\S+\n/);
    expect(await server.stop()).toBe(0);
  });

  it('admits SWITCHYARD_ADMIN_TOKEN instead of creating a token', async () => {
    const server = await serve(['--port', '0', '--host', '127.0.0.1', '--data-dir', 'data2'], {
      SWITCHYARD_ADMIN_TOKEN: 'configured-admin-token-123456',
    });
    expect(server.stdout.text).not.toContain('sy_admin_');
    const response = await fetch(`${server.url}/api/v1/projects`, {
      headers: { authorization: 'Bearer configured-admin-token-123456' },
    });
    expect(response.status).toBe(200);
    expect(await server.stop()).toBe(0);
  });

  it('serves flag files in file mode (--flags FILE...)', async () => {
    const file = join(dir, 'flags.json');
    writeFileSync(
      file,
      JSON.stringify({
        flags: { hello: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on' } },
      }),
    );
    const server = await serve(['--port', '0', '--host', '127.0.0.1', '--flags', 'flags.json']);
    expect(server.stdout.text).toContain('storage: files');
    const response = await fetch(`${server.url}/ofrep/v1/evaluate/flags/hello`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ context: {} }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).value).toBe(true);
    expect(await server.stop()).toBe(0);
  });

  it('says plainly when the database cannot be reached', async () => {
    const stderr = capture();
    const io = {
      stdout: capture().sink,
      stderr: stderr.sink,
      cwd: dir,
      env: { SWITCHYARD_LOG_LEVEL: 'silent' },
    };
    const code = await main(['serve', '--port', '0', '--db', 'postgres://postgres@127.0.0.1:1/test'], io);
    expect(code).toBe(1);
    expect(stderr.text).toContain('cannot reach the database');
    expect(stderr.text).not.toContain('internal error');
  });

  it('reads a config file (--config), below flags and environment variables', async () => {
    writeFileSync(join(dir, 'switchyard.yaml'), 'host: 127.0.0.1\nport: 1\ndataDir: from-file\n');
    const server = await serve(['--config', 'switchyard.yaml', '--port', '0'], {
      SWITCHYARD_ADMIN_TOKEN: 'configured-admin-token-123456',
    });
    expect(server.stdout.text).toContain(`sqlite:${join(dir, 'from-file', 'switchyard.db')}`);
    expect(await server.stop()).toBe(0);
  });

  it('refuses to start with a wrong key in the config file, naming it', async () => {
    writeFileSync(join(dir, 'wrong.yaml'), 'prot: 9000\n');
    const stderr = capture();
    const io = { stdout: capture().sink, stderr: stderr.sink, cwd: dir, env: {} };
    expect(await main(['serve', '--config', 'wrong.yaml'], io)).toBe(2);
    expect(stderr.text).toContain(`${join(dir, 'wrong.yaml')}: unknown key "prot" (did you mean 'port'?)`);
    expect(await main(['serve'], { ...io, env: { SWITCHYARD_CONFIG: 'missing.yaml' } })).toBe(2);
    expect(stderr.text).toContain(`cannot read the config file ${join(dir, 'missing.yaml')}: no such file`);
  });

  it('reports usage errors through the CLI dispatcher', async () => {
    const stderr = capture();
    const io = { stdout: capture().sink, stderr: stderr.sink, cwd: dir, env: {} };
    expect(await main(['serve', '--port', 'abc'], io)).toBe(2);
    expect(stderr.text).toContain('--port must be an integer');
    expect(await main(['serve', 'stray.json'], io)).toBe(2);
    expect(stderr.text).toContain("unexpected argument 'stray.json'");
  });
});
