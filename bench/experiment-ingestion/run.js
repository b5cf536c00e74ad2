#!/usr/bin/env node
/**
 * Experiment event ingestion: a million users' exposures and purchases posted to one replica's
 * `POST /sdk/v1/events` (SQLite or PostgreSQL), timed from the first request until every event is
 * written, next to a bare node:http server that only parses the same batches (the floor). Then the
 * results of the million-unit experiment, timed. Requirement: at least 50,000 events per second,
 * end to end, and every unit counted exactly once (a miss prints FAIL; the exit code stays 0 unless
 * the run itself fails).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminClient } from '../sdk-propagation/admin.js';
import { startServerChild } from '../sdk-propagation/server-child.js';
import { eventBodies } from './events.js';
import { postAll } from './load.js';
import { parseOptions } from './options.js';
import { postgresSchema } from './postgres-schema.js';

const ADMIN_TOKEN = 'sy_admin_bench-experiment-ingestion-0123';
const REQUIRED_EVENTS_PER_SECOND = 50_000;
const FLAG = 'bench-experiment';
const E = '/projects/default/environments/production';
const rate = (events, ms) => Math.round((events / ms) * 1000);
const fmt = (n) => n.toLocaleString('en-US');

async function startFloor() {
  const child = fork(fileURLToPath(new URL('./floor-server.js', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type) => new Promise((resolve) => child.on('message', (m) => m?.type === type && resolve(m)));
  const { url } = await next('listening');
  return {
    url,
    count: () => {
      const reply = next('count');
      child.send({ type: 'count' });
      return reply.then((m) => m.events);
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ type: 'close' });
      }),
  };
}

async function pendingEvents(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^switchyard_experiment_events_pending (\d+)$/m.exec(text);
  if (!match) throw new Error('the server does not report switchyard_experiment_events_pending');
  return Number(match[1]);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const [one, five] = loadavg();
  console.log(
    `experiment-ingestion on ${options.db}: ${fmt(options.units)} units, batches of ${options.batch}, ${options.concurrency} connections; ` +
      `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'unknown cpu'}, load ${one.toFixed(2)} / ${five.toFixed(2)}`,
  );
  const startedAt = Date.now() + 60_000;
  const { bodies, events, tracked } = eventBodies({
    units: options.units,
    trackShare: options.trackShare,
    batchSize: options.batch,
    flag: FLAG,
    startedAt,
  });
  const bytes = bodies.reduce((sum, body) => sum + body.length, 0);
  console.log(
    `${fmt(events)} events (${fmt(options.units)} exposures, ${fmt(tracked)} purchases) in ${fmt(bodies.length)} requests, ${(bytes / 2 ** 20).toFixed(0)} MiB`,
  );

  const floor = await startFloor();
  const floorRun = await postAll(`${floor.url}/sdk/v1/events`, {}, bodies, options.concurrency);
  const floorCounted = await floor.count();
  await floor.close();
  if (floorCounted !== events)
    throw new Error(`the floor server counted ${floorCounted} events, not ${events}`);
  const floorRate = rate(events, floorRun.ms);

  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-experiments-'));
  const postgres = options.db === 'postgres' ? await postgresSchema() : undefined;
  const db = postgres?.url ?? join(dataDir, 'switchyard.db');
  const server = await startServerChild({ dataDir, db, adminToken: ADMIN_TOKEN });
  try {
    const admin = adminClient(server.url, ADMIN_TOKEN);
    await admin.createBooleanFlag(FLAG);
    const sdkKey = await admin.serverKey();
    await admin.call('POST', `${E}/experiments`, {
      key: 'bench',
      flag: FLAG,
      control: 'off',
      weights: { off: 50, on: 50 },
      primaryMetric: { event: 'purchase', type: 'conversion' },
      secondaryMetrics: [{ event: 'purchase', type: 'mean' }],
    });
    await admin.call('POST', `${E}/experiments/bench/start`);

    const run = await postAll(
      `${server.url}/sdk/v1/events`,
      { 'x-api-key': sdkKey },
      bodies,
      options.concurrency,
    );
    const started = performance.now() - run.ms;
    while ((await pendingEvents(server.url)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    const written = performance.now() - started;

    const resultsStart = performance.now();
    const results = await admin.call('GET', `${E}/experiments/bench/results`);
    const resultsMs = performance.now() - resultsStart;
    const memory = await server.memory();
    const converted = results.variants.reduce((sum, v) => sum + Math.round(v.mean * v.units), 0);

    const accepted = rate(events, run.ms);
    const endToEnd = rate(events, written);
    console.log('');
    console.log(`floor (node:http, parse only)   ${fmt(floorRate).padStart(9)} events/s`);
    console.log(
      `switchyard, accepted (202)      ${fmt(accepted).padStart(9)} events/s   ${(accepted / floorRate).toFixed(2)}x the floor`,
    );
    console.log(
      `switchyard, written (end to end) ${fmt(endToEnd).padStart(8)} events/s   ${(endToEnd / floorRate).toFixed(2)}x the floor   (${(written / 1000).toFixed(1)} s, ${run.retries} batches retried after 503)`,
    );
    console.log(
      `results of ${fmt(results.units)} units: ${resultsMs.toFixed(0)} ms; server RSS ${(memory.rss / 2 ** 20).toFixed(0)} MiB`,
    );
    if (!postgres) {
      const size = ['switchyard.db', 'switchyard.db-wal'].reduce((sum, file) => {
        try {
          return sum + statSync(join(dataDir, file)).size;
        } catch {
          return sum;
        }
      }, 0);
      console.log(
        `SQLite files: ${(size / 2 ** 20).toFixed(0)} MiB (${(size / options.units).toFixed(0)} bytes per unit)`,
      );
    }
    console.log('');
    const counted = results.units === options.units && results.excludedUnits === 0 && converted === tracked;
    console.log(
      `${counted ? 'PASS' : 'FAIL'} every unit counted once: ${fmt(results.units)} units, ${fmt(converted)} converted (expected ${fmt(options.units)} and ${fmt(tracked)})`,
    );
    console.log(
      `${endToEnd >= REQUIRED_EVENTS_PER_SECOND ? 'PASS' : 'FAIL'} ingestion of at least ${fmt(REQUIRED_EVENTS_PER_SECOND)} events/s end to end: ${fmt(endToEnd)}`,
    );
  } finally {
    await server.close();
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`experiment-ingestion failed: ${error.message}`);
  process.exit(1);
});
