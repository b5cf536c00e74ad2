import { didYouMean } from '@switchyard/core';
import { CliUsageError, EXIT_USAGE } from '../errors.js';
import type { Command } from './command.js';

/**
 * The subcommand `name` names among `names`, or a usage error for `group` that suggests the nearest
 * one (a leading option is reported as a missing subcommand, not an unknown one).
 */
export function subcommandNamed<T extends string>(name: string, names: readonly T[], group: string): T {
  if ((names as readonly string[]).includes(name)) return name as T;
  const problem = name.startsWith('-')
    ? `expected a command before '${name}'`
    : `unknown ${group} command '${name}'`;
  throw new CliUsageError(`${problem}${didYouMean(name, names)}`, group);
}

/**
 * A command that only dispatches to subcommands named `GROUP SUB` (`rollout start`): no subcommand
 * prints the group's help (usage exit), `--help` after a subcommand prints that subcommand's help.
 */
export function commandGroup(name: string, help: string, subcommands: readonly Command[]): Command {
  const nameOf = (subcommand: Command) => subcommand.name.slice(name.length + 1);
  const names = subcommands.map(nameOf);
  return {
    name,
    help,
    helpFor(args) {
      const named = args.find((arg) => !arg.startsWith('-'));
      return subcommands.find((subcommand) => nameOf(subcommand) === named)?.help ?? help;
    },
    async run(args, io) {
      const [first, ...rest] = args;
      if (first === undefined) {
        io.stderr.write(help);
        return EXIT_USAGE;
      }
      const chosen = subcommandNamed(first, names, name);
      return subcommands[names.indexOf(chosen)]!.run(rest, io);
    },
  };
}
