import { COMMANDS } from './commands/registry.js';

/** The top-level help, listing every command (without loading any command module). */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((entry) => entry.name.length), 'help'.length) + 3;
  const commands = [
    ...COMMANDS.map((entry) => `  ${entry.name.padEnd(width)}${entry.summary}`),
    `  ${'help'.padEnd(width)}Show help for a command: switchyard help COMMAND.`,
  ];
  return `switchyard: self-hosted feature flags, native to OpenFeature and compatible with flagd.

Usage:
  switchyard COMMAND [OPTIONS]
  switchyard help COMMAND
  switchyard --version

Commands:
${commands.join('\n')}

Options:
  -h, --help     Show this help (or a command's help after the command name).
  --version      Print the version.

Commands that talk to a server (rollout, kill, experiment, scan) take --url and --token, or SWITCHYARD_URL and
SWITCHYARD_TOKEN (the options win); the URL defaults to http://127.0.0.1:8080.

Exit codes:
  0  success
  1  problems found in the input (invalid flag file, unreadable file, bad context line), or the
     server refused the request or could not be reached
  2  usage error (unknown command or option, missing or malformed option value)
`;
}
