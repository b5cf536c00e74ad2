import { didYouMean } from '@switchyard/core';
import { CliUsageError } from '../errors.js';
import { jsonObjectOption, looksLikeJson } from '../rollout/spec-values.js';

const TYPES = ['conversion', 'count', 'mean', 'ratio'];
const SETTINGS = ['lower-is-better', 'higher-is-better'];
const FORM =
  "[KEY=]TYPE:EVENT[:lower-is-better], TYPE one of conversion, count, mean (e.g. 'conversion:purchase'), or [KEY=]ratio:EVENT.value/EVENT.count";

/**
 * One metric as `[KEY=]TYPE:EVENT[:SETTING]`, or a JSON object taken as it is:
 *
 * - `conversion:purchase`                   → `{ type: 'conversion', event: 'purchase' }`
 * - `errors=count:checkout-error:lower-is-better` → `{ key: 'errors', type: 'count', event, higherIsBetter: false }`
 * - `revenue-per-order=ratio:purchase.value/purchase.count`
 *   → `{ key, type: 'ratio', numerator: { event: 'purchase', of: 'value' }, denominator: { event: 'purchase', of: 'count' } }`
 *
 * Event names containing ':' (or '/' in a ratio) need the JSON form. The rest is the server's to check.
 */
export function parseMetricOption(text: string, option: string, command: string): Record<string, unknown> {
  if (looksLikeJson(text)) return jsonObjectOption(text, option, command);
  const fail: (problem: string) => never = (problem) => {
    throw new CliUsageError(`option '${option}' '${text}': ${problem}`, command);
  };
  let rest = text.trim();
  const metric: Record<string, unknown> = {};
  const equals = rest.indexOf('=');
  const colon = rest.indexOf(':');
  if (equals > 0 && (colon < 0 || equals < colon)) {
    metric.key = rest.slice(0, equals).trim();
    rest = rest.slice(equals + 1).trim();
  }
  const parts = rest.split(':');
  const [type, event, setting, ...extra] = parts.map((part) => part.trim());
  if (!type || !TYPES.includes(type)) {
    fail(type ? `unknown metric type '${type}'${didYouMean(type, TYPES)}; write ${FORM}` : `write ${FORM}`);
  }
  if (!event) fail(`no event after '${type}:'; write ${FORM}`);
  if (extra.length > 0) fail(`too many ':'; write ${FORM} (or the metric as a JSON object)`);
  metric.type = type;
  if (type === 'ratio') {
    const [numerator, denominator, more] = event.split('/');
    if (!numerator || !denominator || more !== undefined)
      fail('a ratio is NUMERATOR/DENOMINATOR, each EVENT.value or EVENT.count');
    metric.numerator = measure(numerator, fail);
    metric.denominator = measure(denominator, fail);
  } else {
    metric.event = event;
  }
  if (setting !== undefined) {
    if (!SETTINGS.includes(setting)) fail(`unknown setting '${setting}'${didYouMean(setting, SETTINGS)}`);
    metric.higherIsBetter = setting === 'higher-is-better';
  }
  return metric;
}

function measure(text: string, fail: (problem: string) => never): { event: string; of: string } {
  const dot = text.lastIndexOf('.');
  const of = text.slice(dot + 1);
  if (dot <= 0 || (of !== 'value' && of !== 'count'))
    fail(`'${text}' in a ratio must be EVENT.value (the sum of its values) or EVENT.count`);
  return { event: text.slice(0, dot), of };
}
