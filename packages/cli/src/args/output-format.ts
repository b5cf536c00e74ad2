import { CliUsageError } from '../errors.js';

export type OutputFormat = 'text' | 'json';

/** Validates the `--format` option; `fallback` is the command's default. */
export function parseOutputFormat(
  value: string | undefined,
  fallback: OutputFormat,
  command: string,
): OutputFormat {
  if (value === undefined) return fallback;
  if (value === 'text' || value === 'json') return value;
  throw new CliUsageError(`option '--format' must be 'text' or 'json', got '${value}'`, command);
}
