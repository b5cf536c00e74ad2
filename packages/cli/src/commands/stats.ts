import { statsSampleSize } from '../stats/stats-sample-size.js';
import type { Command } from './command.js';
import { commandGroup } from './command-group.js';

const SUBCOMMANDS: readonly Command[] = [statsSampleSize];

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

export const command: Command = commandGroup('stats', help, SUBCOMMANDS);
