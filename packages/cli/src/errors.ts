/** Exit codes shared by every command. */
export const EXIT_OK = 0;
/** Problems found in the input (invalid flag set, unreadable file, bad JSON Lines record). */
export const EXIT_PROBLEMS = 1;
/** The command line itself is wrong (unknown command or option, missing or malformed option value). */
export const EXIT_USAGE = 2;

/** Base of every error the CLI reports without a stack trace; `code` is stable for scripting and tests. */
export abstract class CliError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
  /** Extra lines printed after the message, e.g. one per problem in a flag file. */
  readonly details: readonly string[];

  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.details = details;
  }
}

/** The command line is malformed; `command` names the command whose help would explain it. */
export class CliUsageError extends CliError {
  readonly code = 'CLI_USAGE';
  readonly exitCode = EXIT_USAGE;
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'CliUsageError';
    this.command = command;
  }
}

/** An input file could not be used (missing, unreadable, syntax error, invalid flag set). */
export class CliInputError extends CliError {
  readonly code = 'CLI_INPUT';
  readonly exitCode = EXIT_PROBLEMS;

  constructor(message: string, details: readonly string[] = []) {
    super(message, details);
    this.name = 'CliInputError';
  }
}

/** A command listed by the CLI whose module is not part of this build (e.g. `serve` in a core-only install). */
export class CommandUnavailableError extends CliError {
  readonly code = 'CLI_COMMAND_UNAVAILABLE';
  readonly exitCode = EXIT_USAGE;

  constructor(command: string, cause: unknown) {
    super(
      `the '${command}' command is not available in this build: its module (commands/${command}.js) is missing`,
    );
    this.name = 'CommandUnavailableError';
    this.cause = cause;
  }
}
