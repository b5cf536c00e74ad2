import { rolloutActions } from '../rollout/rollout-actions.js';
import { rolloutStart } from '../rollout/rollout-start.js';
import { rolloutStatus } from '../rollout/rollout-status.js';
import type { Command } from './command.js';
import { commandGroup } from './command-group.js';

const SUBCOMMANDS: readonly Command[] = [rolloutStart, rolloutStatus, ...rolloutActions];

const help = `Usage:
  switchyard rollout start    --environment ENV --flag FLAG --variant V --control C --schedule SCHEDULE
                              (--guardrail GUARDRAIL ... | --no-guardrails) [--ring RING ...] [...]
  switchyard rollout start    --environment ENV --plan FILE
  switchyard rollout status   --environment ENV [ID | --flag FLAG] [--timeline N]
  switchyard rollout pause    --environment ENV (ID | --flag FLAG) [--reason TEXT]
  switchyard rollout resume   --environment ENV (ID | --flag FLAG) [--reason TEXT]
  switchyard rollout promote  --environment ENV (ID | --flag FLAG) [--reason TEXT]
  switchyard rollout rollback --environment ENV (ID | --flag FLAG) [--reason TEXT]

Progressive delivery on a Switchyard server: a variant of a flag is served to a growing share of
users, step by step, and goes on only while its guardrails hold; a breach rolls it back (or pauses
it) by itself. Every command takes --project (default: default), --url and --token (or
SWITCHYARD_URL and SWITCHYARD_TOKEN), and --format text|json.

Commands:
  start      Start a rollout of a flag variant against its control.
  status     A rollout's state, planned steps and timeline; or every rollout of an environment.
  pause      Hold a running rollout at its weight.
  resume     Resume a paused rollout.
  promote    Serve the variant to everyone now, ending the rollout.
  rollback   Serve the safe variant to the rollout's audience, ending the rollout.

Run 'switchyard rollout COMMAND --help' for the options of each.

Exit codes:
  0  success
  1  the server refused the request, or could not be reached
  2  usage error
`;

export const command: Command = commandGroup('rollout', help, SUBCOMMANDS);
