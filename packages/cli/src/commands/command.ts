import type { CliIo } from '../cli-io.js';

/**
 * What every command module exports as `command`. `run` receives the arguments after the command name
 * and returns the exit code; it reports through `io` and never calls `process.exit`.
 */
export interface Command {
  readonly name: string;
  /** Full help text printed by `switchyard help NAME` and `switchyard NAME --help`. */
  readonly help: string;
  /**
   * For a command with subcommands: the help of the one named in `args` (`switchyard rollout start
   * --help`, `switchyard help rollout start`), or `help` when none is.
   */
  helpFor?(args: readonly string[]): string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
