import { CliUsageError } from '../errors.js';

/**
 * Runs `node:util` `parseArgs` (passed as a thunk so its precise result type survives) and turns its
 * errors into `CliUsageError`s that name the command and the offending option.
 */
export function parseCommandArgs<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new CliUsageError(describeParseArgsError(code, (error as Error).message), command);
    }
    throw error;
  }
}

function describeParseArgsError(code: string, message: string): string {
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (option) return `unknown option '${option}'`;
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
