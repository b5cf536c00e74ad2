import { parseArgs } from 'node:util';
import type { EvaluationContext } from '@switchyard/core';
import { type OutputFormat, parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliUsageError } from '../errors.js';
import { parseContext } from './parse-context.js';

export interface EvalOptions {
  readonly flagFiles: readonly string[];
  /** Flags to evaluate; undefined means every flag. */
  readonly flagKeys: readonly string[] | undefined;
  /** Either one inline context or a JSON Lines file of contexts. */
  readonly contexts:
    | { readonly kind: 'inline'; readonly context: EvaluationContext }
    | { readonly kind: 'file'; readonly file: string };
  readonly explain: boolean;
  readonly format: OutputFormat;
}

const evalOptions = {
  flags: { type: 'string', short: 'f', multiple: true },
  flag: { type: 'string', multiple: true },
  context: { type: 'string', short: 'c' },
  contexts: { type: 'string' },
  explain: { type: 'boolean', default: false },
  format: { type: 'string' },
} as const;

/** Parses and checks `switchyard eval` arguments; every problem is a `CliUsageError` naming the option. */
export function parseEvalOptions(args: readonly string[]): EvalOptions {
  const { values } = parseCommandArgs(
    'eval',
    () => parseArgs({ args: [...args], options: evalOptions, allowPositionals: false, strict: true }),
    { options: evalOptions, args: args },
  );
  const flagFiles = values.flags ?? [];
  if (flagFiles.length === 0) throw new CliUsageError("option '--flags FILE' is required", 'eval');
  if (values.context !== undefined && values.contexts !== undefined) {
    throw new CliUsageError("options '--context' and '--contexts' cannot be used together", 'eval');
  }
  for (const key of values.flag ?? []) {
    if (key === '') throw new CliUsageError("option '--flag' needs a non-empty flag key", 'eval');
  }
  return {
    flagFiles,
    flagKeys: values.flag && [...new Set(values.flag)],
    contexts:
      values.contexts !== undefined
        ? { kind: 'file', file: values.contexts }
        : { kind: 'inline', context: inlineContext(values.context) },
    explain: values.explain,
    format: parseOutputFormat(values.format, 'json', 'eval'),
  };
}

function inlineContext(text: string | undefined): EvaluationContext {
  if (text === undefined) return {};
  const parsed = parseContext(text);
  if (parsed.ok) return parsed.context;
  const where = parsed.position ? ` at column ${parsed.position.column}` : '';
  const lineHint = parsed.position && parsed.position.line > 1 ? ` of line ${parsed.position.line}` : '';
  throw new CliUsageError(`option '--context': ${parsed.message}${where}${lineHint}`, 'eval');
}
