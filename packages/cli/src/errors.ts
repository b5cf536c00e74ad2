/** Exit codes shared by every command. */
export const EXIT_OK = 0;
/**
 * Problems found in the input (invalid flag set, unreadable file, bad JSON Lines record), or the
 * server refused a request or could not be reached.
 */
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

/**
 * The server answered a request with an error. `status` and `serverCode` are the HTTP status and the
 * server's stable error code; `details` holds one line per issue the server named, then any hint.
 */
export class CliServerError extends CliError {
  readonly code = 'CLI_SERVER';
  readonly exitCode = EXIT_PROBLEMS;
  readonly status: number;
  readonly serverCode: string;

  constructor(message: string, status: number, serverCode: string, details: readonly string[] = []) {
    super(message, details);
    this.name = 'CliServerError';
    this.status = status;
    this.serverCode = serverCode;
  }
}

/** The server could not be reached, or did not answer like a Switchyard server. */
export class CliConnectionError extends CliError {
  readonly code = 'CLI_CONNECTION';
  readonly exitCode = EXIT_PROBLEMS;

  constructor(message: string, details: readonly string[] = []) {
    super(message, details);
    this.name = 'CliConnectionError';
  }
}

/** What the command was asked about does not exist on the server (e.g. no rollout of a flag). */
export class CliLookupError extends CliError {
  readonly code = 'CLI_LOOKUP';
  readonly exitCode = EXIT_PROBLEMS;

  constructor(message: string, details: readonly string[] = []) {
    super(message, details);
    this.name = 'CliLookupError';
  }
}

/**
 * The server held a change for approval (202): nothing changed yet. Not a success for a script that
 * expected the change, so it exits 1, saying which change request holds it.
 */
export class CliChangeHeldError extends CliError {
  readonly code = 'CLI_CHANGE_HELD';
  readonly exitCode = EXIT_PROBLEMS;

  constructor(id: string, environments: readonly string[]) {
    super(
      `the change needs approval in ${environments.join(', ')}: it is held as change request ${id} and was not applied yet`,
      [
        `See it with 'switchyard change-request show ${id}'; once approved, apply it with 'switchyard change-request apply ${id}'.`,
      ],
    );
    this.name = 'CliChangeHeldError';
  }
}
