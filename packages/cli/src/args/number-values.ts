/** A plain decimal as people type one: `5`, `0.05`, `.05`, `5.`, `-2.5`, `1e4`. */
const DECIMAL = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const NUMBER = new RegExp(`^${DECIMAL}(?:[eE][+-]?\\d+)?$`);
const PERCENT = new RegExp(`^(${DECIMAL})%$`);

/** A finite decimal number, or undefined (hexadecimal, `Infinity`, `1_000`, `1,000` and `''` are not numbers). */
export function decimalOf(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** `5%` → 0.05, read as the decimal `5e-2` so that `5.5%` is exactly 0.055; undefined without the `%`. */
export function percentageOf(text: string): number | undefined {
  const digits = PERCENT.exec(text)?.[1];
  return digits === undefined ? undefined : Number(`${digits}e-2`);
}

/** A computed figure without binary noise: 0.005000000000000004 → 0.005 (12 significant digits). */
export function tidyNumber(value: number): number {
  return Number(value.toPrecision(12));
}

/** `62462` → `62,462`: counts of units read at a glance. */
export function groupDigits(value: number): string {
  const [whole = '', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
