#!/usr/bin/env node
/**
 * OFREP benchmark: the Switchyard server in file mode (single-flag and bulk OFREP) and a bare
 * node:http server answering a constant JSON body, loaded one after the other with autocannon
 * over loopback in the same run. Requirement: single-flag OFREP reaches >= 60% of the bare
 * server's throughput. Run `npm run build` first (the server is imported from its build).
 *
 *   node bench/ofrep/run.js [--duration 10] [--connections 50] [--flags 50]
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

const REQUIRED_RATIO = 0.6;

function parseOptions(argv) {
  const options = { duration: 10, connections: 50, flags: 50 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!(name in options) || !Number.isInteger(value) || value <= 0) {
      throw new Error(
        `usage: run.js [--duration SEC] [--connections N] [--flags N] (bad: ${argv[i]} ${argv[i + 1]})`,
      );
    }
    options[name] = value;
  }
  return options;
}

async function checkAnswers(switchyardUrl, body) {
  const single = await fetch(`${switchyardUrl}/ofrep/v1/evaluate/flags/${SINGLE_FLAG_KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const result = await single.json();
  if (single.status !== 200 || result.value !== true || result.reason !== 'TARGETING_MATCH') {
    throw new Error(`single-flag OFREP answered ${single.status} ${JSON.stringify(result)}`);
  }
  const bulk = await fetch(`${switchyardUrl}/ofrep/v1/evaluate/flags`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const flags = (await bulk.json()).flags;
  if (bulk.status !== 200 || !Array.isArray(flags)) throw new Error(`bulk OFREP answered ${bulk.status}`);
  return { singleBody: JSON.stringify(result), bulkFlags: flags.length };
}

function row(cells) {
  return cells
    .map((cell, i) =>
      String(cell)
        .padStart(i === 0 ? 0 : 12)
        .padEnd(i === 0 ? 22 : 0),
    )
    .join('');
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
    `autocannon: ${options.connections} connections, ${options.duration} s per target, POST ${body.length}-byte body; ` +
      `flag set: ${options.flags} flags (file mode)`,
  );

  const switchyard = await startSwitchyardServer(flagFile);
  let bare;
  const results = [];
  try {
    const answers = await checkAnswers(switchyard.url, body);
    bare = await startBareServer(answers.singleBody);
    const targets = [
      { title: 'bare node:http', url: bare.url, pid: bare.pid },
      {
        title: 'OFREP single flag',
        url: `${switchyard.url}/ofrep/v1/evaluate/flags/${SINGLE_FLAG_KEY}`,
        pid: switchyard.pid,
      },
      {
        title: `OFREP bulk (${answers.bulkFlags})`,
        url: `${switchyard.url}/ofrep/v1/evaluate/flags`,
        pid: switchyard.pid,
      },
    ];
    for (const target of targets) {
      // A short warm-up lets the JIT settle before the measured run.
      await load({ ...target, body, connections: options.connections, durationSec: 2 });
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
      results.push(result);
    }
  } finally {
    await switchyard.stop();
    await bare?.stop();
    await rm(dir, { recursive: true, force: true });
  }

  console.log('');
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
  const [bareResult, single, bulk] = results;
  const ratio = single.requestsPerSec / bareResult.requestsPerSec;
  console.log('');
  console.log(`single-flag OFREP / bare: ${(ratio * 100).toFixed(1)}%`);
  console.log(
    `bulk OFREP / bare:        ${((bulk.requestsPerSec / bareResult.requestsPerSec) * 100).toFixed(1)}%`,
  );
  if (single.cpuUsPerRequest !== undefined) {
    // Throughput ratios flatten when the load generator, not the server, is the bottleneck (one
    // shared machine); server CPU per request shows the server's own cost either way.
    console.log(
      `server CPU per request, bare / single-flag OFREP: ${((bareResult.cpuUsPerRequest / single.cpuUsPerRequest) * 100).toFixed(1)}% ` +
        '(the throughput a CPU-bound server would reach relative to bare)',
    );
  }
  console.log(
    `${ratio >= REQUIRED_RATIO ? 'PASS' : 'FAIL'}: single-flag OFREP throughput >= ${REQUIRED_RATIO * 100}% of bare node:http`,
  );
  if (one > cpus().length * 0.5) {
    console.log(
      `note: the machine was busy (load ${one.toFixed(2)} on ${cpus().length} cores); figures are noisy`,
    );
  }
  if (results.some((r) => r.non2xx > 0 || r.errors > 0)) {
    console.error('some requests failed (see non-2xx / errors)');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
