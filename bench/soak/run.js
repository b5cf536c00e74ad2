#!/usr/bin/env node
/**
 * Soak benchmark: three replicas (own processes) on one PostgreSQL schema, under OFREP load
 * (autocannon, single and bulk evaluations, rate-limited) and N streaming Node providers, with a
 * flag change every second written to each replica in turn. Samples every replica's RSS, live heap
 * and open file descriptors, and prints start, end and slope after warm-up, every error, and
 * PASS / FAIL: memory and descriptors flat within the stated tolerance, and no error at all.
 * Loopback only; bounded (default 2 minutes, at most 120).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { adminClient } from '../sdk-propagation/admin.js';
import { parseOptions } from './options.js';
import { createSchema } from './postgres-schema.js';
import { startReplica } from './replicas.js';
import { judge, TOLERANCE } from './trend.js';

const ADMIN_TOKEN = 'sy_admin_bench-soak-0123456789abcdef';
const LIVE_FLAG = 'soak-live';
const VARIANTS = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`v${i}`, `v${i}`]));
const quietLogger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const f1 = (n) => n.toFixed(1);

async function importSdk() {
  try {
    return await import('@switchyard/sdk-node');
  } catch (error) {
    throw new Error(`cannot import @switchyard/sdk-node (${error.message}); run 'npm run build' first`);
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const durationMs = options.minutes * 60_000;
  // Memory grows while code warms up and pools fill: judged only after this.
  const warmupMs = Math.min(60_000, Math.max(20_000, durationMs * 0.2));
  const { SwitchyardProvider } = await importSdk();
  const schema = await createSchema();
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-soak-'));
  const cleanups = [() => schema.drop(), () => rmSync(dir, { recursive: true, force: true })];
  try {
    const serverOptions = { db: schema.url, dataDir: dir, adminToken: ADMIN_TOKEN };
    // The first migrates; the other two join it.
    const replicas = [await startReplica(serverOptions)];
    replicas.push(...(await Promise.all([startReplica(serverOptions), startReplica(serverOptions)])));
    cleanups.unshift(() => Promise.all(replicas.map((r) => r.close())));
    const admins = replicas.map((r) => adminClient(r.url, ADMIN_TOKEN));
    const key = await admins[0].serverKey();
    for (let i = 0; i < 20; i++) await admins[0].createBooleanFlag(`soak-${i}`);
    await admins[0].call('POST', '/projects/default/flags', {
      key: LIVE_FLAG,
      variants: VARIANTS,
      defaultVariant: 'v0',
    });
    await admins[0].setDefaultVariant(LIVE_FLAG, 'v0');

    const errors = { ofrepNon2xx: 0, ofrepErrors: 0, changeFailures: 0, providerErrors: 0, unconverged: 0 };
    let staleEvents = 0;
    const providers = [];
    for (let i = 0; i < options.providers; i++) {
      const provider = new SwitchyardProvider({ url: replicas[i % 3].url, sdkKey: key, logger: quietLogger });
      provider.events.addHandler('PROVIDER_ERROR', () => errors.providerErrors++);
      provider.events.addHandler('PROVIDER_STALE', () => staleEvents++);
      await provider.initialize();
      providers.push(provider);
    }
    cleanups.unshift(() => Promise.all(providers.map((p) => p.onClose())));

    console.log(
      `soak: 3 replicas on PostgreSQL, ${options.providers} streaming providers, OFREP at ${options.rate} req/s ` +
        `(${options.connections} connections per replica), a change every second, ${options.minutes} min ` +
        `(warm-up ${warmupMs / 1000} s), sample every ${options.sampleSec} s; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}`,
    );
    const started = Date.now();
    const body = JSON.stringify({ context: { targetingKey: 'soak-user', plan: 'pro' } });
    const loads = replicas.map((replica) =>
      autocannon({
        url: replica.url,
        connections: options.connections,
        overallRate: Math.max(1, Math.round(options.rate / 3)),
        duration: durationMs / 1000,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        requests: [
          { method: 'POST', path: `/ofrep/v1/evaluate/flags/${LIVE_FLAG}`, body },
          { method: 'POST', path: '/ofrep/v1/evaluate/flags', body },
        ],
      }),
    );

    let changes = 0;
    let lastVariant = 'v0';
    const changing = (async () => {
      while (Date.now() - started < durationMs) {
        const next = Date.now() + 1000;
        const variant = `v${(changes + 1) % 10}`;
        try {
          await admins[changes % 3].setDefaultVariant(LIVE_FLAG, variant);
          lastVariant = variant;
        } catch {
          errors.changeFailures++;
        }
        changes++;
        await pause(Math.max(0, next - Date.now()));
      }
    })();

    const samples = replicas.map(() => []);
    const sampling = (async () => {
      while (Date.now() - started < durationMs) {
        const atMs = Date.now() - started;
        for (const [i, replica] of replicas.entries()) samples[i].push({ atMs, ...(await replica.sample()) });
        await pause(options.sampleSec * 1000);
      }
    })();

    const results = await Promise.all(loads);
    await Promise.all([changing, sampling]);
    // Samples are taken under load only: once it stops, connections close and memory drops.
    const atMs = Date.now() - started;
    for (const result of results) {
      errors.ofrepNon2xx += result.non2xx;
      errors.ofrepErrors += result.errors + result.timeouts;
    }
    // Every provider must end on the last change: a lost update would leave one behind.
    const convergedBy = Date.now() + 10_000;
    let behind = providers;
    while (behind.length > 0 && Date.now() < convergedBy) {
      const values = await Promise.all(behind.map((p) => p.resolveStringEvaluation(LIVE_FLAG, 'none', {})));
      behind = behind.filter((_, i) => values[i].value !== lastVariant);
      if (behind.length > 0) await pause(100);
    }
    errors.unconverged = behind.length;

    const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
    console.log(
      `\n${requests} OFREP requests (${f1(requests / (atMs / 1000))}/s), ${changes} changes, ` +
        `${providers.length - behind.length}/${providers.length} providers on the last change, ${staleEvents} stale events`,
    );
    console.log(
      `\ntolerance after warm-up: heap slope <= ${TOLERANCE.heapMiBPerMin} MiB/min, RSS slope <= ${TOLERANCE.rssMiBPerMin} MiB/min, ` +
        `open fds grow by <= ${TOLERANCE.fdGrowth}`,
    );
    console.log(
      'replica | RSS MiB start → end (slope/min) | heap MiB start → end (slope/min) | fds start → end | verdict',
    );
    let pass = true;
    for (const [i, series] of samples.entries()) {
      const verdict = judge(series.filter((s) => s.atMs >= warmupMs));
      pass &&= verdict.pass;
      const { rss, heap, fds } = verdict;
      console.log(
        `${i} | ${f1(rss.start)} → ${f1(rss.end)} (${rss.slope >= 0 ? '+' : ''}${f1(rss.slope)}) | ` +
          `${f1(heap.start)} → ${f1(heap.end)} (${heap.slope >= 0 ? '+' : ''}${heap.slope.toFixed(2)}) | ` +
          `${fds.start} → ${fds.end} | ${
            verdict.pass
              ? 'PASS'
              : `FAIL (${Object.keys(verdict.checks)
                  .filter((k) => !verdict.checks[k])
                  .join(', ')})`
          }`,
      );
    }
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    console.log(
      `\nerrors: ${Object.entries(errors)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    console.log(`${errorCount === 0 ? 'PASS' : 'FAIL'}  no errors`);
    console.log(`${pass ? 'PASS' : 'FAIL'}  memory and file descriptors flat on every replica`);
    if (errorCount > 0 || !pass) process.exitCode = 1;
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
