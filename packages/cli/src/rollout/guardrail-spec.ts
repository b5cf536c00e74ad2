import { didYouMean } from '@switchyard/core';
import { CliUsageError } from '../errors.js';
import { jsonObjectOption, looksLikeJson, numberOf, percentOf } from './spec-values.js';

const OPTION = '--guardrail';
const PROMETHEUS = 'prometheus:';
const SETTINGS = ['pause', 'rollback', 'alpha', 'plannedSampleSize'];
/** `:pause`, `:rollback,alpha=0.01`: settings after the bound (no `<` or `>`, unlike a PromQL query). */
const SETTINGS_SUFFIX = /:([A-Za-z][\w.=,-]*)$/;
const CONTROL_BOUND = /^control\s*\+\s*(.+)$/;

/**
 * One guardrail as `SUBJECT OPERATOR BOUND[:SETTINGS]`, or a JSON object taken as it is:
 *
 * - `error-rate<0.02`, `error-rate<2%`       → `{ metric, max }`  (`<` and `<=` alike: breached above)
 * - `latency-p50>5`                           → `{ metric, min }`
 * - `error-rate<control+0.01`                 → `{ metric, maxIncrease }` against the control
 * - `latency-mean<control+10%`                → `{ metric, maxRelativeIncrease: 0.1 }`
 * - `prometheus:sum(rate(x[5m]))<3`           → `{ prometheus, max }` (the last `<` or `>` is the bound)
 * - `…:pause`, `…:rollback`, `…:alpha=0.01,plannedSampleSize=20000` → `onBreach`, `alpha`, `plannedSampleSize`
 *
 * Metric names and the rules between fields are the server's to check.
 */
export function parseGuardrailOption(text: string, command: string): Record<string, unknown> {
  if (looksLikeJson(text)) return jsonObjectOption(text, OPTION, command);
  const fail: (problem: string) => never = (problem) => {
    throw new CliUsageError(`option '${OPTION}' '${text}': ${problem}`, command);
  };
  let main = text.trim();
  let settings: string | undefined;
  const suffix = SETTINGS_SUFFIX.exec(main);
  if (suffix && /[<>]/.test(main.slice(0, suffix.index))) {
    settings = suffix[1];
    main = main.slice(0, suffix.index);
  }
  const at = Math.max(main.lastIndexOf('<'), main.lastIndexOf('>'));
  if (at < 0) fail("write METRIC<BOUND or METRIC>BOUND, e.g. 'error-rate<0.02' or 'latency-p95<300:pause'");
  const operator = main[at] as '<' | '>';
  const subject = main.slice(0, at).trim();
  const bound = main
    .slice(at + 1)
    .replace(/^=/, '')
    .trim();
  const guardrail: Record<string, unknown> = subject.startsWith(PROMETHEUS)
    ? { prometheus: subject.slice(PROMETHEUS.length).trim() }
    : { metric: subject };
  if (subject === '' || guardrail.prometheus === '')
    fail(`no metric (or ${PROMETHEUS}QUERY) before '${operator}'`);

  const regression = CONTROL_BOUND.exec(bound);
  if (regression) {
    if (operator !== '<')
      fail('a comparison with the control bounds its increase: write METRIC<control+N or <control+N%');
    const relative = percentOf(regression[1]!);
    const absolute = numberOf(regression[1]!);
    if (relative !== undefined) guardrail.maxRelativeIncrease = relative;
    else if (absolute !== undefined) guardrail.maxIncrease = absolute;
    else fail(`'${regression[1]}' after 'control+' is not a number or a percentage`);
  } else {
    const value = percentOf(bound) ?? numberOf(bound);
    if (value === undefined)
      fail(`the bound '${bound}' is not a number (0.02), a percentage (2%) or control+N`);
    guardrail[operator === '<' ? 'max' : 'min'] = value;
  }
  if (settings !== undefined) Object.assign(guardrail, settingsOf(settings, fail));
  return guardrail;
}

function settingsOf(text: string, fail: (problem: string) => never): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const item of text.split(',')) {
    const [name = '', value] = item.split('=', 2);
    if (!SETTINGS.includes(name)) {
      fail(
        `unknown setting '${name}' after ':'${didYouMean(name, SETTINGS)}; settings are ${SETTINGS.join(', ')}`,
      );
    }
    const key = name === 'pause' || name === 'rollback' ? 'onBreach' : name;
    if (Object.hasOwn(settings, key))
      fail(`'${key === 'onBreach' ? 'pause/rollback' : name}' is given twice`);
    if (key === 'onBreach') {
      if (value !== undefined) fail(`'${name}' takes no value`);
      settings.onBreach = name;
      continue;
    }
    const number = value === undefined ? undefined : numberOf(value);
    if (number === undefined) fail(`'${name}' needs a number: ${name}=N`);
    settings[key] = number;
  }
  return settings;
}
