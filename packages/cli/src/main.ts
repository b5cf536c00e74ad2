import { didYouMean } from '@switchyard/core';
import type { CliIo } from './cli-io.js';
import { COMMANDS, findCommand } from './commands/registry.js';
import { CliError, CliUsageError, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './errors.js';
import { mainHelp } from './main-help.js';
import { cliVersion } from './version.js';

export type { CliIo, TextSink } from './cli-io.js';

/**
 * Runs the `switchyard` command line and returns its exit code. All I/O goes through `io`;
 * it never calls `process.exit`, so tests run it in-process.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(mainHelp());
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(mainHelp());
    return EXIT_OK;
  }
  if (first === '--version') {
    io.stdout.write(`switchyard ${await cliVersion()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') return help(rest, io);
  if (first.startsWith('-')) throw new CliUsageError(`unknown option '${first}'`);

  const entry = findCommand(first);
  if (!entry) {
    const names = COMMANDS.map((command) => command.name);
    throw new CliUsageError(`unknown command '${first}'${didYouMean(first, [...names, 'help'])}`);
  }
  const command = await entry.load();
  if (asksForHelp(rest)) {
    io.stdout.write(command.helpFor?.(rest) ?? command.help);
    return EXIT_OK;
  }
  return command.run(rest, io);
}

/** `help`, `help COMMAND`, or `help COMMAND SUBCOMMAND` for a command that has subcommands. */
async function help(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help') {
    if (rest.length > 0)
      throw new CliUsageError(`'help' takes one command name, got ${args.length} arguments`);
    io.stdout.write(mainHelp());
    return EXIT_OK;
  }
  const entry = findCommand(name);
  if (!entry) {
    const names = COMMANDS.map((command) => command.name);
    throw new CliUsageError(`unknown command '${name}'${didYouMean(name, names)}`);
  }
  const command = await entry.load();
  if (rest.length > 0 && (!command.helpFor || rest.length > 1)) {
    throw new CliUsageError(`'help' takes one command name, got ${args.length} arguments`);
  }
  io.stdout.write(command.helpFor?.(rest) ?? command.help);
  return EXIT_OK;
}

/** `--help` anywhere before a `--` terminator wins over every other argument. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CliError) {
    io.stderr.write(`switchyard: error: ${error.message}\n`);
    for (const line of error.details) io.stderr.write(`${line}\n`);
    if (error instanceof CliUsageError) {
      const helpCommand = error.command ? `switchyard ${error.command} --help` : 'switchyard --help';
      io.stderr.write(`Run '${helpCommand}' for usage.\n`);
    }
    return error.exitCode;
  }
  // Anything else is a defect: show the stack so it can be reported.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`switchyard: internal error: ${detail}\n`);
  return EXIT_PROBLEMS;
}
