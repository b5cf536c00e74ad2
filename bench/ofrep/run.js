#!/usr/bin/env node
/**
 * OFREP benchmark: the Switchyard server in file mode (single-flag and bulk OFREP) and two bare
 * node:http floors answering constant bodies of the same size as the OFREP answers (the
 * single-flag answer, and the bulk answer), loaded one after the other with autocannon over
 * loopback in the same run, `--rounds` times. Requirements: single-flag OFREP >= 75% of its floor
 * (aim 85%), bulk OFREP >= 50% of its floor (aim 70%), by median throughput ratio over the rounds.
 * Run `npm run build` first (the server is imported from its build).
 *
 *   node bench/ofrep/run.js [--duration 10] [--connections 50] [--flags 50] [--rounds 1] [--storage file]
 *
 * `--storage sqlite` serves the flags from a database instead of a flag file (imported through the
 * admin API), and every request carries a server SDK key, as in a deployment with a database.
 *
 * Exit code 1 when a target answers with errors or the wrong result; a missed requirement is
 * reported as FAIL (the figures depend on the machine and its load).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBenchFlags, REQUEST_CONTEXT, SINGLE_FLAG_KEY } from './bench-flags.js';
import { load } from './load.js';
import { processCpuSeconds } from './process-cpu.js';
import { startBareServer, startSwitchyardServer } from './target-processes.js';

/** Median throughput ratio to the floor: [required, aim]. */
const SINGLE_TARGET = [0.75, 0.85];
const BULK_TARGET = [0.5, 0.7];

const USAGE =
  'usage: run.js [--duration SEC] [--connections N] [--flags N] [--rounds N] [--storage file|sqlite]';

function parseOptions(argv) {
  const options = { duration: 10, connections: 50, flags: 50, rounds: 1, storage: 'file' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    const raw = argv[i + 1];
    if (name === 'storage') {
      if (raw !== 'file' && raw !== 'sqlite') throw new Error(`${USAGE} (bad: --storage ${raw})`);
      options.storage = raw;
      continue;
    }
    const value = Number(raw);
    if (!(name in options) || !Number.isInteger(value) || value <= 0) {
      throw new Error(`${USAGE} (bad: ${argv[i]} ${raw})`);
    }
    options[name] = value;
  }
  return options;
}

async function checkAnswers(switchyardUrl, body, headers) {
  const single = await fetch(`${switchyardUrl}/ofrep/v1/evaluate/flags/${SINGLE_FLAG_KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const singleBody = await single.text();
  const result = JSON.parse(singleBody);
  if (single.status !== 200 || result.value !== true || result.reason !== 'TARGETING_MATCH') {
    throw new Error(`single-flag OFREP answered ${single.status} ${singleBody}`);
  }
  const bulk = await fetch(`${switchyardUrl}/ofrep/v1/evaluate/flags`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const bulkBody = await bulk.text();
  const flags = JSON.parse(bulkBody).flags;
  if (bulk.status !== 200 || !Array.isArray(flags)) throw new Error(`bulk OFREP answered ${bulk.status}`);
  return { singleBody, bulkBody, bulkFlags: flags.length };
}

function row(cells) {
  return cells
    .map((cell, i) =>
      String(cell)
        .padStart(i === 0 ? 0 : 12)
        .padEnd(i === 0 ? 26 : 0),
    )
    .join('');
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percent = (ratio) => `${(ratio * 100).toFixed(1)}%`;

async function measure(target, body, options, warmUp) {
  // A short warm-up lets the JIT settle before the measured run.
  if (warmUp) await load({ ...target, body, connections: options.connections, durationSec: 2 });
  const cpuBefore = processCpuSeconds(target.pid);
  const result = await load({
    ...target,
    body,
    connections: options.connections,
    durationSec: options.duration,
  });
  const cpuAfter = processCpuSeconds(target.pid);
  result.cpuUsPerRequest =
    cpuBefore === undefined || cpuAfter === undefined
      ? undefined
      : ((cpuAfter - cpuBefore) * 1e6) / result.total;
  result.cpuShare = cpuBefore === undefined ? undefined : (cpuAfter - cpuBefore) / options.duration;
  return result;
}

function printRound(results) {
  console.log(
    row(['target', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'srv CPU %', 'CPU us/req']),
  );
  for (const r of results) {
    console.log(
      row([
        r.title,
        Math.round(r.requestsPerSec),
        r.p50Ms,
        r.p99Ms,
        r.total,
        r.non2xx,
        r.errors,
        r.cpuShare === undefined ? 'n/a' : Math.round(r.cpuShare * 100),
        r.cpuUsPerRequest === undefined ? 'n/a' : r.cpuUsPerRequest.toFixed(1),
      ]),
    );
  }
}

function verdict(name, ratio, [required, aim]) {
  const pass = ratio >= required;
  console.log(
    `${pass ? 'PASS' : 'FAIL'}: ${name} throughput ${percent(ratio)} >= ${percent(required)} of its floor` +
      ` (aim ${percent(aim)}: ${ratio >= aim ? 'met' : 'missed'})`,
  );
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-bench-ofrep-'));
  const flagFile = join(dir, 'flags.json');
  await writeFile(flagFile, JSON.stringify(buildBenchFlags(options.flags)));
  const body = JSON.stringify({ context: REQUEST_CONTEXT });

  const [one, five] = loadavg();
  console.log(
    `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'unknown cpu'}, ` +
      `load average ${one.toFixed(2)} / ${five.toFixed(2)} (1 / 5 min)`,
  );
  console.log(
    `autocannon: ${options.connections} connections, ${options.duration} s per target, ${options.rounds} round(s), ` +
      `POST ${body.length}-byte body; flag set: ${options.flags} flags (${options.storage === 'file' ? 'file mode' : 'SQLite, with an SDK key'})`,
  );

  const switchyard = await startSwitchyardServer(flagFile, options.storage);
  // With a database, requests carry the server SDK key the child created (as applications do).
  const headers = switchyard.sdkKey === undefined ? {} : { authorization: `Bearer ${switchyard.sdkKey}` };
  const bare = [];
  const rounds = [];
  try {
    const answers = await checkAnswers(switchyard.url, body, headers);
    // The floors answer constant bodies of exactly the OFREP answers' sizes (the answers themselves).
    const bareSingle = await startBareServer(answers.singleBody);
    bare.push(bareSingle);
    const bareBulk = await startBareServer(answers.bulkBody);
    bare.push(bareBulk);
    console.log(
      `answer sizes: single flag ${Buffer.byteLength(answers.singleBody)} bytes, bulk ${Buffer.byteLength(answers.bulkBody)} bytes (${answers.bulkFlags} flags)`,
    );
    const targets = [
      { title: 'bare node:http, single', url: bareSingle.url, pid: bareSingle.pid },
      {
        title: 'OFREP single flag',
        url: `${switchyard.url}/ofrep/v1/evaluate/flags/${SINGLE_FLAG_KEY}`,
        pid: switchyard.pid,
        headers,
      },
      { title: 'bare node:http, bulk', url: bareBulk.url, pid: bareBulk.pid },
      {
        title: `OFREP bulk (${answers.bulkFlags} flags)`,
        url: `${switchyard.url}/ofrep/v1/evaluate/flags`,
        pid: switchyard.pid,
        headers,
      },
    ];
    for (let round = 0; round < options.rounds; round++) {
      const results = [];
      for (const target of targets) results.push(await measure(target, body, options, round === 0));
      rounds.push(results);
      console.log('');
      if (options.rounds > 1) console.log(`round ${round + 1} (load average ${loadavg()[0].toFixed(2)})`);
      printRound(results);
      const [floorSingle, single, floorBulk, bulk] = results;
      console.log(
        `single-flag OFREP / its floor: ${percent(single.requestsPerSec / floorSingle.requestsPerSec)}` +
          `; bulk OFREP / its floor: ${percent(bulk.requestsPerSec / floorBulk.requestsPerSec)}`,
      );
      if (single.cpuUsPerRequest !== undefined && bulk.cpuUsPerRequest !== undefined) {
        // Throughput ratios flatten when the load generator, not the server, is the bottleneck (one
        // shared machine); server CPU per request shows the server's own cost either way.
        console.log(
          `server CPU per request, floor / OFREP (the throughput ratio a CPU-bound server would reach): ` +
            `single ${percent(floorSingle.cpuUsPerRequest / single.cpuUsPerRequest)}, ` +
            `bulk ${percent(floorBulk.cpuUsPerRequest / bulk.cpuUsPerRequest)}`,
        );
      }
    }
  } finally {
    await switchyard.stop();
    for (const server of bare) await server.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const singleRatio = median(rounds.map((r) => r[1].requestsPerSec / r[0].requestsPerSec));
  const bulkRatio = median(rounds.map((r) => r[3].requestsPerSec / r[2].requestsPerSec));
  console.log('');
  if (options.rounds > 1) {
    console.log(`medians over ${options.rounds} rounds:`);
    console.log(row(['target', 'req/s', 'CPU us/req']));
    for (let i = 0; i < 4; i++) {
      const cpu = rounds.map((r) => r[i].cpuUsPerRequest).filter((v) => v !== undefined);
      console.log(
        row([
          rounds[0][i].title,
          Math.round(median(rounds.map((r) => r[i].requestsPerSec))),
          cpu.length === 0 ? 'n/a' : median(cpu).toFixed(1),
        ]),
      );
    }
    console.log(`single-flag OFREP / its floor: ${percent(singleRatio)} (median of the rounds' ratios)`);
    console.log(`bulk OFREP / its floor:        ${percent(bulkRatio)} (median of the rounds' ratios)`);
  }
  verdict('single-flag OFREP', singleRatio, SINGLE_TARGET);
  verdict('bulk OFREP', bulkRatio, BULK_TARGET);
  if (one > cpus().length * 0.5) {
    console.log(
      `note: the machine was busy (load ${one.toFixed(2)} on ${cpus().length} cores); figures are noisy`,
    );
  }
  if (rounds.flat().some((r) => r.non2xx > 0 || r.errors > 0)) {
    console.error('some requests failed (see non-2xx / errors)');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
