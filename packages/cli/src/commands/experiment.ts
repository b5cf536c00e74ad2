import { experimentActions } from '../experiment/experiment-actions.js';
import { experimentCreate } from '../experiment/experiment-create.js';
import { experimentReads } from '../experiment/experiment-read.js';
import type { Command } from './command.js';
import { commandGroup } from './command-group.js';

const SUBCOMMANDS: readonly Command[] = [experimentCreate, ...experimentReads, ...experimentActions];

const help = `Usage:
  switchyard experiment create  --environment ENV --key KEY --flag FLAG --control C --weights 'C=50,V=50'
                                --primary-metric METRIC [--secondary-metric METRIC ...] [...]
  switchyard experiment create  --environment ENV --design FILE
  switchyard experiment list    --environment ENV
  switchyard experiment show    --environment ENV KEY
  switchyard experiment start   --environment ENV KEY [--reason TEXT]
  switchyard experiment stop    --environment ENV KEY [--serve VARIANT] [--reason TEXT]
  switchyard experiment delete  --environment ENV KEY
  switchyard experiment results --environment ENV KEY

A/B/n experiments on a Switchyard server: a flag's users are split by weight (sticky by targeting
key), the SDKs report exposures and tracked events, and the server answers with the statistics.
Every command takes --project (default: default), --url and --token (or SWITCHYARD_URL and
SWITCHYARD_TOKEN), and --format text|json.

Commands:
  create    Create an experiment (a draft) on a flag: its split, metrics and statistical design.
  list      The environment's experiments, newest first.
  show      An experiment's design, status and outcome.
  start     Start a draft: its split goes live.
  stop      Stop a running experiment and serve one variant in its place.
  delete    Delete a draft or stopped experiment with its data.
  results   Per metric and variant against control: effect, intervals, p-value, chance to beat
            control; the sample-ratio check, guardrails and progress.

Run 'switchyard experiment COMMAND --help' for the options of each. Sample sizes are planned with
'switchyard stats sample-size' (no server needed).

Exit codes:
  0  success
  1  the server refused the request, or could not be reached
  2  usage error
`;

export const command: Command = commandGroup('experiment', help, SUBCOMMANDS);
