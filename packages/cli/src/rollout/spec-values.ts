import { locateJsonSyntaxError, positionAt } from '@switchyard/flag-files';
import { CliUsageError } from '../errors.js';

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A number written as JSON writes it (`1`, `0.02`, `1e3`), or undefined. */
export function numberOf(text: string): number | undefined {
  return JSON_NUMBER.test(text) ? Number(text) : undefined;
}

/** `2%` → 0.02, parsed as the decimal `2e-2` so that `1.1%` is exactly 0.011. */
export function percentOf(text: string): number | undefined {
  if (!text.endsWith('%')) return undefined;
  const digits = text.slice(0, -1);
  return JSON_NUMBER.test(digits) ? Number(`${digits}e-2`) : undefined;
}

/** Every option written as a JSON object (`{…}`) instead of its compact form. */
export function looksLikeJson(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** A JSON object given to an option; a syntax error names the option and the column. */
export function jsonObjectOption(text: string, option: string, command: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const location = locateJsonSyntaxError(text);
    const reason = location?.message ?? (error as Error).message;
    const where = location ? ` at column ${positionAt(text, location.offset).column}` : '';
    throw new CliUsageError(`option '${option}': invalid JSON: ${reason}${where}`, command);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliUsageError(`option '${option}' must be a JSON object here, got '${text}'`, command);
  }
  return value as Record<string, unknown>;
}
