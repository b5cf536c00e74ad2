/**
 * Turns measurements into the printed tables and the issue's PASS/FAIL requirement lines.
 */

/** The issue's targets: flagd-core time / Switchyard time per scenario, and the load budget. */
export const REQUIREMENTS = {
  minRatio: { S1: 1, S2: 3, S3: 3, S4: 3 },
  maxLoadMs: 1000,
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
      ' (spread = (max - min) / median)',
    `${pad('scenario', 32)}${padLeft('switchyard', 12)}${padLeft('spread', 8)}${padLeft('flagd-core', 12)}` +
      `${padLeft('spread', 8)}${padLeft('flagd-core / switchyard', 26)}`,
  ];
  for (const { scenario, medianNs, spread } of results) {
    lines.push(
      `${pad(`${scenario.id} ${scenario.title}`, 32)}${padLeft(fixed(medianNs.switchyard, 1), 12)}` +
        `${padLeft(percent(spread.switchyard), 8)}${padLeft(fixed(medianNs.flagd, 1), 12)}` +
        `${padLeft(percent(spread.flagd), 8)}${padLeft(`${fixed(ratioOf(medianNs), 2)}x`, 26)}`,
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
    `flagd-core / switchyard: ${fixed(load.flagd.medianMs / load.switchyard.medianMs, 2)}x`,
  ];
}

/** @returns {{ lines: string[], failed: number }} */
export function requirementLines(results, load, { flagCount }) {
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
  return { lines, failed };
}

/** A line warning that the figures are noisy, or undefined when every spread is small. */
export function noiseWarning(results, load) {
  const spreads = [
    ...results.flatMap((entry) => [entry.spread.switchyard, entry.spread.flagd]),
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
