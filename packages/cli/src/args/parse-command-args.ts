import { didYouMean } from '@switchyard/core';
import { CliUsageError } from '../errors.js';

/** What parseArgs was given, so that an unknown option can be matched against the known ones. */
export interface ParsedCommandLine {
  /** The parseArgs `options`: their keys are the long option names. */
  readonly options: object;
  readonly args: readonly string[];
}

/**
 * Runs `node:util` `parseArgs` (passed as a thunk so its precise result type survives) and turns its
 * errors into `CliUsageError`s that name the command and the offending option. With `line`, an
 * unknown option suggests the known one it resembles.
 */
export function parseCommandArgs<T>(command: string, parse: () => T, line?: ParsedCommandLine): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new CliUsageError(describeParseArgsError(code, (error as Error).message, line), command);
    }
    throw error;
  }
}

function describeParseArgsError(code: string, message: string, line: ParsedCommandLine | undefined): string {
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (option) return unknownOption(option, line);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // Node names the option as '--flags <value>' or, with a short alias, '-f, --flags <value>'.
    const option = /^Option '(?:-\w, )?(-[^' ]+)/.exec(message)?.[1];
    if (option && message.includes('argument missing')) return `option '${option}' needs a value`;
    if (option && message.includes('argument is ambiguous')) {
      const attached = option.startsWith('--') ? `${option}=VALUE` : `${option}VALUE`;
      return `option '${option}' needs a value, got another option (write ${attached} for a value starting with '-')`;
    }
    if (option && message.includes('does not take an argument'))
      return `option '${option}' does not take a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /Unexpected argument '([^']*)'/.exec(message)?.[1];
    if (argument !== undefined) return `unexpected argument '${argument}'`;
  }
  // Node's own wording is already specific for the rare remaining cases.
  return message.split('\n')[0] ?? message;
}

/**
 * `--enviroment` suggests `--environment`. A long name written with one dash (`-environment`) reaches
 * parseArgs as the short option `-e`; the word as typed is named instead, with the option it means.
 */
function unknownOption(option: string, line: ParsedCommandLine | undefined): string {
  const known = Object.keys(line?.options ?? {}).map((name) => `--${name}`);
  if (option.startsWith('--')) return `unknown option '${option}'${didYouMean(option, known)}`;
  const end = line?.args.indexOf('--') ?? -1;
  const args = end === -1 ? (line?.args ?? []) : line!.args.slice(0, end);
  const typed = args.find((arg) => /^-[^-]/.test(arg) && arg.length > 2 && arg.startsWith(option));
  const word = typed?.split('=')[0];
  const suggestion = word ? didYouMean(`-${word}`, known) : '';
  return suggestion ? `unknown option '${word}'${suggestion}` : `unknown option '${option}'`;
}
