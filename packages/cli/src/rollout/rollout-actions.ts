import { parseArgs } from 'node:util';
import { parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import type { Command } from '../commands/command.js';
import { CliUsageError, EXIT_OK } from '../errors.js';
import {
  apiClientFor,
  connectionHelp,
  connectionOptions,
  environmentScope,
  reasonOption,
  scopeOptions,
} from '../server-api/server-options.js';
import { resolveRolloutId, rolloutSelector, rolloutsPath } from './find-rollout.js';
import { formatRollout } from './rollout-text.js';
import type { Rollout } from './rollout-types.js';

interface RolloutAction {
  readonly action: 'pause' | 'resume' | 'promote' | 'rollback';
  /** What it does, for the help. */
  readonly does: string;
  /** Which rollouts it applies to, for the help. */
  readonly applies: string;
  readonly heading: (rollout: Rollout) => string;
}

const ACTIONS: readonly RolloutAction[] = [
  {
    action: 'pause',
    does: 'Pauses the rollout: it holds its current weight until resumed.',
    applies: 'a running rollout',
    heading: (r) => `Paused rollout ${r.id}: it holds "${r.variant}" at ${r.weight}%`,
  },
  {
    action: 'resume',
    does: 'Resumes a paused rollout. Its step starts again and is judged on fresh data.',
    applies: 'a paused rollout',
    heading: (r) => `Resumed rollout ${r.id} at ${r.weight}%`,
  },
  {
    action: 'promote',
    does: 'Promotes the rollout: the rolled-out variant is served to everyone now, and the rollout ends.',
    applies: 'a running or paused rollout',
    heading: (r) => `Promoted rollout ${r.id}: "${r.variant}" is served to everyone`,
  },
  {
    action: 'rollback',
    does: 'Rolls the rollout back: its whole audience gets the safe variant, and the rollout ends.',
    applies: 'a running or paused rollout',
    heading: (r) => `Rolled back rollout ${r.id}: "${r.safeVariant}" is served to its audience`,
  },
];

const options = {
  ...connectionOptions,
  ...scopeOptions,
  flag: { type: 'string' },
  reason: { type: 'string' },
  format: { type: 'string' },
} as const;

function helpOf({ action, does, applies }: RolloutAction): string {
  return `Usage:
  switchyard rollout ${action} --environment ENV [--project P] (ID | --flag FLAG) [--reason TEXT]

${does}
It applies to ${applies}; any other is refused (exit 1).

Options:
  --project P           Project key (default: default).
  --environment ENV     Environment key. Required.
  --flag FLAG           The flag's running or paused rollout, instead of its ID.
  --reason TEXT         Why: shown in the rollout's timeline and recorded in the audit trail.
  --format FORMAT       text (default) or json: the server's answer (the Rollout resource).
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  done
  1  the server refused (no such rollout, or one in another state) or could not be reached
  2  usage error

Examples:
  switchyard rollout ${action} --environment production 4b7d0c1e-… --reason 'SHOP-12'
  switchyard rollout ${action} --environment production --flag new-checkout
`;
}

function actionCommand(spec: RolloutAction): Command {
  const name = `rollout ${spec.action}`;
  return {
    name,
    help: helpOf(spec),
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(
        name,
        () => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }),
        { options: options, args: args },
      );
      const format = parseOutputFormat(values.format, 'text', name);
      const scope = environmentScope(values, name);
      const selector = rolloutSelector(positionals, values.flag, name);
      if (selector === undefined) throw new CliUsageError("give the rollout's ID, or '--flag FLAG'", name);
      const reason = reasonOption(values.reason, name);
      const client = apiClientFor(values, io, name);
      const id = await resolveRolloutId(client, scope, selector, { orLatest: false });
      const rollout = await client.post<Rollout>(
        rolloutsPath(scope, id, spec.action),
        reason === undefined ? {} : { reason },
        // The body's reason goes to the timeline, the header's to the audit entry.
        { changeReason: reason },
      );
      io.stdout.write(
        format === 'json'
          ? `${JSON.stringify(rollout, null, 2)}\n`
          : formatRollout(rollout, spec.heading(rollout)),
      );
      return EXIT_OK;
    },
  };
}

export const rolloutActions: readonly Command[] = ACTIONS.map(actionCommand);
