import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleMissingResource } from './missing-resource.js';

/** A real Prometheus on loopback, scraping the targets it was given. */
export interface RunningPrometheus {
  url: string;
  /** Resolves once `query` answers a sample (the first scrapes have landed). */
  waitFor(query: string, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

const binaryCandidates = [process.env.SWITCHYARD_PROMETHEUS, '/usr/bin/prometheus', 'prometheus'];

function findBinary(): string | undefined {
  for (const candidate of binaryCandidates) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {}
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the system Prometheus (Debian package `prometheus`, or `SWITCHYARD_PROMETHEUS`) scraping
 * `targets` (host:port on loopback) every `scrapeMs`. Null (with a visible skip) when it is not
 * installed; under CI=true that is an error.
 */
export async function startPrometheus(
  targets: string[],
  purpose: string,
  scrapeMs = 500,
): Promise<RunningPrometheus | null> {
  const binary = findBinary();
  if (!binary)
    return handleMissingResource('Prometheus not installed (Debian package "prometheus")', purpose);
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      `  scrape_interval: ${scrapeMs}ms`,
      `  evaluation_interval: ${scrapeMs}ms`,
      'scrape_configs:',
      '  - job_name: app',
      '    static_configs:',
      `      - targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  const ready = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {}
    if (child.exitCode !== null || Date.now() > ready) {
      await stop();
      throw new Error(`Prometheus did not become ready\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async waitFor(query, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const answer = (await (
          await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)
        ).json()) as {
          data?: { result?: { value: [number, string] }[] };
        };
        const sample = answer.data?.result?.[0]?.value[1];
        if (sample !== undefined) return Number(sample);
        if (Date.now() > deadline) throw new Error(`Prometheus has no sample for ${query}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop,
  };
}
