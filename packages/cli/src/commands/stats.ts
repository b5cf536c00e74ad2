import { didYouMean } from '@switchyard/core';
import { CliUsageError, EXIT_USAGE } from '../errors.js';
import { statsSampleSize } from '../stats/stats-sample-size.js';
import type { Command } from './command.js';

const SUBCOMMANDS: readonly Command[] = [statsSampleSize];
const nameOf = (subcommand: Command) => subcommand.name.replace(/^stats /, '');

const help = `Usage:
  switchyard stats sample-size --baseline RATE --mde EFFECT [--alpha A] [--power P] [--variants N]
                               [--daily-traffic N] [--mde-type relative|absolute] [--format text|json]
  switchyard stats sample-size --mean M (--std-dev S | --variance V) --mde EFFECT [...]

Experiment statistics computed locally, with @switchyard/stats: no server is needed.

Commands:
  sample-size   Units per variant to detect an effect on a conversion rate or a mean, and the
                days that takes at a given daily traffic.

Run 'switchyard stats COMMAND --help' for the options of each.

Exit codes:
  0  success
  2  usage error
`;

export const command: Command = {
  name: 'stats',
  help,
  helpFor(args) {
    const name = args.find((arg) => !arg.startsWith('-'));
    return SUBCOMMANDS.find((subcommand) => nameOf(subcommand) === name)?.help ?? help;
  },
  async run(args, io) {
    const [name, ...rest] = args;
    if (name === undefined) {
      io.stderr.write(help);
      return EXIT_USAGE;
    }
    const subcommand = SUBCOMMANDS.find((candidate) => nameOf(candidate) === name);
    if (!subcommand) {
      const problem = name.startsWith('-')
        ? `expected a command before '${name}'`
        : `unknown stats command '${name}'`;
      throw new CliUsageError(`${problem}${didYouMean(name, SUBCOMMANDS.map(nameOf))}`, 'stats');
    }
    return subcommand.run(rest, io);
  },
};
