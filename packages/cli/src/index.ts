export type { CliIo, TextSink } from './cli-io.js';
export type { Command } from './commands/command.js';
export { CliError, CliInputError, CliUsageError, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './errors.js';
export { main } from './main.js';
