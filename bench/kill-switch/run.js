#!/usr/bin/env node
/**
 * Kill-switch benchmark: 1,000 SwitchyardProviders (split over child processes) connected over
 * loopback to one server (its own process) all serve a flag's new variant; a firing Alertmanager
 * notification rolls the flag's rollout back (or, with --scenario kill, kills the flag), and the time
 * from the webhook's 2xx answer to each provider serving the safe variant is recorded, over several
 * runs, after one unmeasured warm-up run (printed: it times the code paths still being compiled).
 * Requirement: p99 under 1 s (aim: under 100 ms). Exits 1 on a FAIL, when a provider never
 * switches, or when the run cannot complete.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresSchema } from '../experiment-ingestion/postgres-schema.js';
import { adminClient } from '../sdk-propagation/admin.js';
import { startServerChild } from '../sdk-propagation/server-child.js';
import { ms, percentile, summary } from '../sdk-propagation/stats.js';
import { firingAlert, sendAlert } from './alert.js';
import { parseOptions } from './options.js';
import { startProviderFleet, wallClock } from './provider-fleet.js';

const FLAG = 'bench-checkout';
const ADMIN_TOKEN = 'sy_admin_bench-kill-switch-0123456789abc';
const E = '/projects/default/environments/production';
const REQUIRED_P99_MS = 1000;
const AIM_P99_MS = 100;
/**
 * Every provider evaluates with this context: it is the rollout's first ring, served the variant in
 * full. No targeting key: with one, each evaluation would be an exposure, and 1,000 providers would
 * flush their exposure batches together in the middle of a run, which no real fleet does.
 */
const CONTEXT = { fleet: 'bench' };
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function openFileLimit() {
  try {
    return Number(execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim());
  } catch {
    return Number.NaN;
  }
}

/** What makes every provider serve "on" before a run: a rollout at its first ring, or the flag itself. */
async function serveNewVariant(admin, scenario) {
  if (scenario === 'kill') {
    await admin.setDefaultVariant(FLAG, 'on');
    return;
  }
  await admin.call('POST', `${E}/rollouts`, {
    flag: FLAG,
    variant: 'on',
    control: 'off',
    safeVariant: 'off',
    schedule: { shape: 'exponential', start: 1, factor: 2, max: 100, interval: '1h' },
    rings: [{ name: 'bench-fleet', condition: { '==': [{ var: 'fleet' }, 'bench'] } }],
    guardrails: [{ metric: 'error-rate', max: 0.02 }],
  });
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const limit = openFileLimit();
  // The server holds one socket per provider in its own process (the providers' are spread out).
  if (Number.isFinite(limit) && options.providers + 200 > limit) {
    throw new Error(
      `ulimit -n is ${limit}: too low for ${options.providers} providers (needs about ${options.providers + 200})`,
    );
  }
  const [one, five] = loadavg();
  console.log(
    `kill-switch: ${options.providers} providers in ${options.workers} processes, ${options.runs} runs ` +
      `(+${options.warmup} warm-up), scenario ${options.scenario}, ${options.db}; node ${process.version}, ` +
      `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'unknown cpu'}, load ${one.toFixed(2)} / ${five.toFixed(2)}`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-kill-'));
  const postgres = options.db === 'postgres' ? await postgresSchema() : undefined;
  const db = postgres?.url ?? join(dataDir, 'switchyard.db');
  const server = await startServerChild({ dataDir, db, adminToken: ADMIN_TOKEN });
  let fleet;
  try {
    const admin = adminClient(server.url, ADMIN_TOKEN);
    await admin.createBooleanFlag(FLAG);
    await admin.setDefaultVariant(FLAG, 'off');
    const sdkKey = await admin.serverKey();
    // Alertmanager's own token, limited as integrations.md suggests.
    const { token: alertToken } = await admin.call('POST', '/admin-tokens', {
      name: 'alertmanager',
      role: 'editor',
      actions: ['rollout.rollback', 'flag.kill'],
    });

    const connectStart = performance.now();
    fleet = await startProviderFleet({
      url: server.url,
      sdkKey,
      providers: options.providers,
      workers: options.workers,
      concurrency: options.concurrency,
      flag: FLAG,
      context: CONTEXT,
    });
    const connected = await admin.streamClients();
    console.log(
      `connected ${options.providers} providers in ${ms(performance.now() - connectStart)} ` +
        `(processes ${fleet.pids.join(', ')}); the server counts ${connected} stream clients`,
    );
    if (connected !== options.providers)
      throw new Error(`expected ${options.providers} stream clients, the server has ${connected}`);

    const expectedOutcome = options.scenario === 'kill' ? 'killed' : 'rolled-back';
    const fromAnswer = [];
    const fromRequest = [];
    const perRun = [];
    const warmups = [];
    let beforeAnswer = 0;
    for (let run = 1 - options.warmup; run <= options.runs; run++) {
      await fleet.measure(true, () => serveNewVariant(admin, options.scenario));
      await pause(200);
      let sent;
      let answered;
      const { triggered, seen } = await fleet.measure(false, async () => {
        const payload = firingAlert({ flag: FLAG, run });
        sent = wallClock();
        const answer = await sendAlert(server.url, alertToken, payload);
        answered = wallClock();
        return answer;
      });
      const outcome = triggered.alerts[0]?.outcome;
      if (outcome !== expectedOutcome)
        throw new Error(`the alert's outcome is ${outcome}, expected ${expectedOutcome}`);
      const round = seen.map((at) => Math.max(0, at - answered));
      const figures = { run, webhook: answered - sent, ...summary(round) };
      await pause(200);
      if (run < 1) {
        warmups.push(figures);
        continue;
      }
      beforeAnswer += seen.filter((at) => at < answered).length;
      fromAnswer.push(...round);
      fromRequest.push(...seen.map((at) => at - sent));
      perRun.push(figures);
    }

    const sorted = [...fromAnswer].sort((a, b) => a - b);
    const all = { ...summary(fromAnswer), p95: percentile(sorted, 95) };
    const request = summary(fromRequest);
    console.log('');
    for (const r of [...warmups, ...perRun]) {
      const name = r.run < 1 ? `warm-up ${r.run + options.warmup} (not counted)` : `run ${r.run}`;
      console.log(
        `${name}: webhook answered in ${ms(r.webhook)}; providers switched p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}`,
      );
    }
    console.log(
      `from the webhook's 2xx answer: median ${ms(all.p50)}  p95 ${ms(all.p95)}  p99 ${ms(all.p99)}  max ${ms(all.max)}  (${all.count} samples)`,
    );
    console.log(
      `from sending the webhook:      median ${ms(request.p50)}  p99 ${ms(request.p99)}  max ${ms(request.max)}`,
    );
    console.log(
      `  ${beforeAnswer} of ${all.count} samples were served before this process had read the answer (counted as 0 ms)`,
    );
    console.log('');
    const pass = all.p99 < REQUIRED_P99_MS;
    console.log(`${pass ? 'PASS' : 'FAIL'} p99 ${ms(all.p99)} < ${REQUIRED_P99_MS} ms (required)`);
    console.log(`${all.p99 < AIM_P99_MS ? 'PASS' : 'MISS'} p99 ${ms(all.p99)} < ${AIM_P99_MS} ms (aim)`);
    console.log(`PASS every provider switched to the safe variant in each of ${perRun.length} runs`);
    if (!pass) process.exitCode = 1;
  } finally {
    await fleet?.close();
    await server.close();
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`kill-switch: ${error.message}`);
  process.exitCode = 1;
});
