#!/usr/bin/env node
/**
 * Change propagation benchmark: N SwitchyardProviders (default 1,000), spread over `--workers`
 * child processes (default 1), connected over loopback to one server (its own process); a flag is
 * changed through the admin API 20 times and, for each change, the time from sending the write to
 * each provider serving the new value is recorded (and from the API's answer, which the server may
 * send after writing to the streams). Prints p50 / p99 / max and the server's memory per connected
 * client. Requirement: p99 from sending the write <= 250 ms (aim 100 ms); a miss prints FAIL (the
 * exit code stays 0 unless the run itself fails).
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProviderFleet, wallClock } from '../kill-switch/provider-fleet.js';
import { adminClient } from './admin.js';
import { parseOptions } from './options.js';
import { startServerChild } from './server-child.js';
import { kib, mib, ms, summary, us } from './stats.js';

const FLAG = 'bench-flag';
const ADMIN_TOKEN = 'sy_admin_bench-sdk-propagation-0123456789';
const REQUIRED_P99_MS = 250;
const AIM_P99_MS = 100;

function openFileLimit() {
  try {
    return Number(execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim());
  } catch {
    return Number.NaN;
  }
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function settledMemory(server) {
  await pause(500);
  return server.memory();
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const limit = openFileLimit();
  // The server holds one socket per provider (each worker holds its share).
  if (Number.isFinite(limit) && options.providers + 200 > limit) {
    throw new Error(
      `ulimit -n is ${limit}: too low for ${options.providers} providers (needs about ${options.providers + 200})`,
    );
  }
  const [one, five] = loadavg();
  const clientExecArgv =
    options.clientSemiSpace > 0 ? [`--max-semi-space-size=${options.clientSemiSpace}`] : [];
  console.log(
    `sdk-propagation: ${options.providers} providers in ${options.workers} worker process(es) ` +
      `(node ${clientExecArgv.join(' ') || "with Node's default young generation"}), ${options.changes} changes; ` +
      `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'unknown cpu'}, ` +
      `load ${one.toFixed(2)} / ${five.toFixed(2)}, ulimit -n ${limit}`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-sdk-'));
  const server = await startServerChild({ dataDir, adminToken: ADMIN_TOKEN });
  let fleet;
  try {
    const admin = adminClient(server.url, ADMIN_TOKEN);
    await admin.createBooleanFlag(FLAG);
    await admin.setDefaultVariant(FLAG, 'off');
    const sdkKey = await admin.serverKey();

    const before = await settledMemory(server);
    const connectStart = performance.now();
    fleet = await startProviderFleet({
      url: server.url,
      sdkKey,
      providers: options.providers,
      workers: options.workers,
      concurrency: options.concurrency,
      flag: FLAG,
      context: {},
      execArgv: clientExecArgv,
    });
    const connectMs = performance.now() - connectStart;
    const connected = await admin.streamClients();
    const after = await settledMemory(server);
    console.log(
      `connected ${options.providers} providers in ${ms(connectMs)}; the server counts ${connected} stream clients; ` +
        `${options.warmup} unmeasured warm-up change(s), then ${options.changes} measured`,
    );
    if (connected !== options.providers)
      throw new Error(`expected ${options.providers} stream clients, the server has ${connected}`);

    // Optional unmeasured changes (--warmup=N): without them, the first measured changes also
    // time the JIT compiling the server's write path and the providers' event handling.
    let value = false;
    for (let i = 0; i < options.warmup; i++) {
      value = !value;
      const variant = value ? 'on' : 'off';
      await fleet.measure(value, () => admin.setDefaultVariant(FLAG, variant));
      await pause(100);
    }
    const fromAnswer = [];
    const fromRequest = [];
    let beforeAnswer = 0;
    const rounds = [];
    const serverCpu = [];
    const providerCpu = [];
    for (let change = 1; change <= options.changes; change++) {
      value = !value;
      const variant = value ? 'on' : 'off';
      let sent;
      const cpuBefore = await server.cpuMs();
      const {
        triggered: answered,
        seen,
        cpuMs,
      } = await fleet.measure(value, async () => {
        sent = wallClock();
        await admin.setDefaultVariant(FLAG, variant);
        return wallClock();
      });
      serverCpu.push((await server.cpuMs()) - cpuBefore);
      providerCpu.push(cpuMs);
      const round = [];
      for (const at of seen) {
        if (at < answered) beforeAnswer++;
        fromAnswer.push(Math.max(0, at - answered));
        round.push(at - sent);
      }
      fromRequest.push(...round);
      rounds.push(summary(round));
      await pause(100);
    }

    const answer = summary(fromAnswer);
    const request = summary(fromRequest);
    console.log('');
    console.log(
      `per change (from sending the write): ${rounds.map((r) => `${r.max.toFixed(0)}`).join(' ')} ms (max of each)`,
    );
    console.log(
      `propagation, from sending the write: p50 ${ms(request.p50)}  p99 ${ms(request.p99)}  max ${ms(request.max)}  (${request.count} samples)`,
    );
    console.log(
      `propagation, from the API's answer:  p50 ${ms(answer.p50)}  p99 ${ms(answer.p99)}  max ${ms(answer.max)}`,
    );
    console.log(
      `  ${beforeAnswer} of ${answer.count} samples were served before this process had read the API's answer (counted as 0 ms)`,
    );
    // Where the time goes: both sides share the machine's cores, so a change cannot reach every
    // provider faster than (server + providers) CPU time / cores.
    const serverMs = summary(serverCpu).p50;
    const providersMs = summary(providerCpu).p50;
    console.log(
      `CPU time per change (median): server ${ms(serverMs)} (${us((serverMs * 1000) / options.providers)} per client), ` +
        `providers ${ms(providersMs)} in all (${us((providersMs * 1000) / options.providers)} per provider); ` +
        `${cpus().length} cores`,
    );
    const rssPerClient = (after.rss - before.rss) / options.providers;
    const heapPerClient = (after.heapUsed - before.heapUsed) / options.providers;
    console.log(
      `server memory: RSS ${mib(before.rss)} -> ${mib(after.rss)}, heap ${mib(before.heapUsed)} -> ${mib(after.heapUsed)}` +
        `${after.gc ? '' : ' (no --expose-gc: figures include garbage)'}`,
    );
    console.log(`server memory per connected client: RSS ${kib(rssPerClient)}, heap ${kib(heapPerClient)}`);
    console.log('');
    // Judged from sending the write: the server writes to the streams before it answers, so times
    // from the answer would leave out most of the fan-out.
    const pass = request.p99 <= REQUIRED_P99_MS;
    console.log(
      `${pass ? 'PASS' : 'FAIL'} p99 propagation from sending the write ${ms(request.p99)} <= ${REQUIRED_P99_MS} ms ` +
        `(aim ${AIM_P99_MS} ms: ${request.p99 <= AIM_P99_MS ? 'met' : 'missed'})`,
    );
  } finally {
    await fleet?.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`sdk-propagation: ${error.message}`);
  process.exitCode = 1;
});
