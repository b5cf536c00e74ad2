/** How results figures read in text: rates as percentages, effects signed, p-values to 4 places. */

const trim = (text: string) => (text.includes('.') ? text.replace(/\.?0+$/, '') : text);

/** 1234.5 → "1,234.5"; 0.012345 → "0.01235" (4 significant digits below 1,000). */
export function plain(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  if (value === 0) return '0';
  return trim(value.toPrecision(4));
}

export const count = (value: number) => value.toLocaleString('en-US');
export const percent = (value: number, digits = 2) => `${(value * 100).toFixed(digits)}%`;
const sign = (value: number) => (value > 0 ? '+' : value < 0 ? '−' : '±');
const signed = (value: number, text: (v: number) => string) => `${sign(value)}${text(Math.abs(value))}`;

/** A metric's per-unit mean: a conversion is a rate. */
export function mean(value: number | null, type: string): string {
  if (value === null) return '-';
  return type === 'conversion' ? percent(value) : plain(value);
}

/** The absolute effect: percentage points for a conversion rate, the metric's units otherwise. */
export function effect(value: number | null, ci: readonly [number, number] | null, type: string): string {
  if (value === null) return '-';
  const one = (v: number) =>
    type === 'conversion' ? `${signed(v * 100, (x) => x.toFixed(2))} pts` : signed(v, plain);
  const bare = (v: number) =>
    type === 'conversion' ? signed(v * 100, (x) => x.toFixed(2)) : signed(v, plain);
  return ci === null ? one(value) : `${one(value)} [${bare(ci[0])}, ${bare(ci[1])}]`;
}

export function relative(value: number | null, ci: readonly [number, number] | null): string {
  if (value === null) return '-';
  const one = (v: number) => signed(v, (x) => percent(x, 1));
  return ci === null ? one(value) : `${one(value)} [${one(ci[0])}, ${one(ci[1])}]`;
}

export function pValue(value: number | null): string {
  if (value === null) return '-';
  return value < 0.0001 ? '<0.0001' : value.toFixed(4);
}
