/**
 * Turns measurements into the printed tables and the issue's PASS/FAIL requirement lines.
 */

/**
 * Targets: flagd-core time / Switchyard time per scenario and the load budget (issue 4), then the
 * figures near the floor (issue 13, measured on the project's 2-core machine): ns per evaluation,
 * load time, and retained heap as a multiple of the parsed JSON.
 */
export const REQUIREMENTS = {
  minRatio: { S1: 1, S2: 3, S3: 3, S4: 3 },
  maxLoadMs: 1000,
  maxNs: { S2: 35, S4: 330 },
  maxLoadMsNearFloor: 450,
  maxHeapRatio: 1.5,
};

/** Above this spread the samples are too scattered for a careful comparison. */
const NOISY_SPREAD = 0.25;

const pad = (text, width) => String(text).padEnd(width);
const padLeft = (text, width) => String(text).padStart(width);
const percent = (fraction) => `${Math.round(fraction * 100)}%`;
const fixed = (value, digits) => value.toFixed(digits);
const grouped = (value) => value.toLocaleString('en-US');

/** @param {ReturnType<typeof import('./evaluation-bench.js').benchEvaluation>} results */
export function evaluationTable(results, { rounds, contextCount }) {
  const lines = [
    `Evaluation: median ns per evaluation over ${rounds} rounds of ${grouped(contextCount)} contexts` +
      ' (spread = (max - min) / median; floor = the flag written by hand in JavaScript)',
    `${pad('scenario', 32)}${padLeft('switchyard', 12)}${padLeft('spread', 8)}${padLeft('flagd-core', 12)}` +
      `${padLeft('spread', 8)}${padLeft('floor', 8)}${padLeft('spread', 8)}` +
      `${padLeft('flagd-core / switchyard', 25)}${padLeft('switchyard / floor', 20)}`,
  ];
  for (const { scenario, medianNs, spread } of results) {
    const floor = medianNs.floor;
    lines.push(
      `${pad(`${scenario.id} ${scenario.title}`, 32)}${padLeft(fixed(medianNs.switchyard, 1), 12)}` +
        `${padLeft(percent(spread.switchyard), 8)}${padLeft(fixed(medianNs.flagd, 1), 12)}` +
        `${padLeft(percent(spread.flagd), 8)}` +
        `${padLeft(floor === undefined ? '-' : fixed(floor, 1), 8)}` +
        `${padLeft(floor === undefined ? '-' : percent(spread.floor), 8)}` +
        `${padLeft(`${fixed(ratioOf(medianNs), 2)}x`, 25)}` +
        `${padLeft(floor === undefined ? '-' : `${fixed(medianNs.switchyard / floor, 2)}x`, 20)}`,
    );
  }
  return lines;
}

/** @param {ReturnType<typeof import('./load-bench.js').benchLoad>} load */
export function loadTable(load, { flagCount, textBytes }) {
  const row = (label, entry) =>
    `${pad(label, 46)}${padLeft(fixed(entry.medianMs, 0), 10)}${padLeft(entry.samplesMs.length, 6)}` +
    `${padLeft(percent(entry.spread), 8)}`;
  return [
    `Load: ${grouped(flagCount)} S4-shaped flags, ${fixed(textBytes / 1e6, 1)} MB of JSON text (median of runs)`,
    `${pad('step', 46)}${padLeft('ms', 10)}${padLeft('runs', 6)}${padLeft('spread', 8)}`,
    row('JSON.parse(text) (floor)', load.json),
    row('@switchyard/core FlagSet.parse(text)', load.switchyard),
    row('@openfeature/flagd-core setConfigurations(text)', load.flagd),
    `flagd-core / switchyard: ${fixed(load.flagd.medianMs / load.switchyard.medianMs, 2)}x; ` +
      `switchyard / floor: ${fixed(load.switchyard.medianMs / load.json.medianMs, 2)}x`,
  ];
}

/** @param {ReturnType<typeof import('./heap-bench.js').benchHeap>} heap */
export function heapTable(heap, { flagCount }) {
  const mb = (bytes) => `${fixed(bytes / 1e6, 1)} MB`;
  return [
    `Retained heap of ${grouped(flagCount)} loaded flags (after full GC, median of runs)`,
    `${pad('JSON.parse(text) (floor)', 46)}${padLeft(mb(heap.jsonBytes), 10)}`,
    `${pad('@switchyard/core FlagSet.parse(text)', 46)}${padLeft(mb(heap.switchyardBytes), 10)}`,
    `${pad('  the same, every flag resolved once', 46)}${padLeft(mb(heap.resolvedBytes), 10)}`,
    `switchyard / floor: ${fixed(heap.switchyardBytes / heap.jsonBytes, 2)}x as loaded ` +
      `(targeting compiles on a flag's first resolution), ` +
      `${fixed(heap.resolvedBytes / heap.jsonBytes, 2)}x with every flag resolved`,
    `no two flags comparing with the same literals (no condition shared), every flag resolved: ` +
      `${mb(heap.distinctResolvedBytes)}, ${fixed(heap.distinctResolvedBytes / heap.distinctJsonBytes, 2)}x ` +
      `its parsed JSON (${mb(heap.distinctJsonBytes)})`,
  ];
}

/** @returns {{ lines: string[], failed: number }} */
export function requirementLines(results, load, heap, { flagCount }) {
  const lines = [];
  let failed = 0;
  const check = (ok, text) => {
    if (!ok) failed++;
    lines.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
  };
  for (const { scenario, medianNs } of results) {
    const minRatio = REQUIREMENTS.minRatio[scenario.id];
    if (minRatio === undefined) continue;
    const ratio = ratioOf(medianNs);
    const goal =
      minRatio === 1 ? 'no slower than flagd-core' : `at least ${minRatio}x faster than flagd-core`;
    check(ratio >= minRatio, `${scenario.id} ${scenario.title}: ${goal} (measured ${fixed(ratio, 2)}x)`);
  }
  const loadMs = load.switchyard.medianMs;
  check(
    loadMs < REQUIREMENTS.maxLoadMs,
    `${grouped(flagCount)} flags loaded in under ${REQUIREMENTS.maxLoadMs} ms (measured ${fixed(loadMs, 0)} ms)`,
  );
  for (const { scenario, medianNs } of results) {
    const maxNs = REQUIREMENTS.maxNs[scenario.id];
    if (maxNs === undefined) continue;
    check(
      medianNs.switchyard <= maxNs,
      `${scenario.id} ${scenario.title}: at most ${maxNs} ns (measured ${fixed(medianNs.switchyard, 1)} ns, ` +
        `floor ${fixed(medianNs.floor, 1)} ns)`,
    );
  }
  const nearFloor = REQUIREMENTS.maxLoadMsNearFloor;
  check(
    loadMs <= nearFloor,
    `${grouped(flagCount)} flags loaded in at most ${nearFloor} ms (measured ${fixed(loadMs, 0)} ms, ` +
      `JSON.parse ${fixed(load.json.medianMs, 0)} ms)`,
  );
  // Judged with every flag resolved: a set as loaded has compiled nothing yet.
  const heapRatio = heap.resolvedBytes / heap.jsonBytes;
  check(
    heapRatio <= REQUIREMENTS.maxHeapRatio,
    `retained heap at most ${REQUIREMENTS.maxHeapRatio}x the parsed JSON with every flag resolved (measured ` +
      `${fixed(heapRatio, 2)}x; ${fixed(heap.switchyardBytes / heap.jsonBytes, 2)}x as loaded)`,
  );
  return { lines, failed };
}

/** A line warning that the figures are noisy, or undefined when every spread is small. */
export function noiseWarning(results, load) {
  const spreads = [
    ...results.flatMap((entry) => Object.values(entry.spread)),
    load.switchyard.spread,
    load.flagd.spread,
  ];
  const worst = Math.max(...spreads);
  if (worst <= NOISY_SPREAD) return undefined;
  return (
    `Noisy run: samples vary by up to ${percent(worst)} of their median (other work on this machine?); ` +
    'compare figures from a quiet machine.'
  );
}

function ratioOf(medianNs) {
  return medianNs.flagd / medianNs.switchyard;
}
