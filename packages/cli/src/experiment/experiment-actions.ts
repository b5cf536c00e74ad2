import { parseArgs } from 'node:util';
import { parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import type { Command } from '../commands/command.js';
import { EXIT_OK } from '../errors.js';
import {
  apiClientFor,
  connectionHelp,
  connectionOptions,
  environmentScope,
  nonEmptyOption,
  reasonOption,
  scopeOptions,
} from '../server-api/server-options.js';
import { experimentKey, experimentsPath, where } from './experiment-path.js';
import { formatExperiment } from './experiment-text.js';
import type { Experiment } from './experiment-types.js';

interface ActionSpec {
  readonly action: 'start' | 'stop' | 'delete';
  readonly does: string;
  readonly applies: string;
}

const ACTIONS: readonly ActionSpec[] = [
  {
    action: 'start',
    does: "Starts a draft: its split takes over the flag's fallback in the environment, and exposures count from now.",
    applies: 'a draft; the flag must not have an active rollout',
  },
  {
    action: 'stop',
    does: 'Stops a running experiment: its results freeze, and one variant is served in its place\n(--serve VARIANT, a winner; default: the control).',
    applies: 'a running experiment',
  },
  {
    action: 'delete',
    does: 'Deletes an experiment with its data (units and events). This cannot be undone.',
    applies: 'a draft or a stopped experiment',
  },
];

const baseOptions = {
  ...connectionOptions,
  ...scopeOptions,
  reason: { type: 'string' },
  format: { type: 'string' },
} as const;
const stopOptions = { ...baseOptions, serve: { type: 'string' } } as const;

function helpOf({ action, does, applies }: ActionSpec): string {
  const serve = action === 'stop' ? ' [--serve VARIANT]' : '';
  return `Usage:
  switchyard experiment ${action} --environment ENV [--project P] KEY${serve} [--reason TEXT]

${does}
It applies to ${applies}; any other is refused (exit 1).

Options:
  --project P           Project key (default: default).
  --environment ENV     Environment key. Required.${
    action === 'stop'
      ? '\n  --serve VARIANT       The variant everyone gets from now on (default: the control).'
      : ''
  }
  --reason TEXT         Why: recorded in the audit trail.
  --format FORMAT       text (default) or json: the server's answer${action === 'delete' ? ' ({ "deleted": KEY })' : ' (the Experiment resource)'}.
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  done
  1  the server refused (no such experiment, or one in another state) or could not be reached
  2  usage error

Example:
  switchyard experiment ${action} --environment production checkout-test${action === 'stop' ? ' --serve on' : ''}
`;
}

function actionCommand(spec: ActionSpec): Command {
  const name = `experiment ${spec.action}`;
  const options = spec.action === 'stop' ? stopOptions : baseOptions;
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
      const key = experimentKey(positionals, name);
      const reason = reasonOption(values.reason, name);
      const served = (values as { serve?: string | undefined }).serve;
      const serve = served === undefined ? undefined : nonEmptyOption(served, 'serve', name);
      const client = apiClientFor(values, io, name);
      if (spec.action === 'delete') {
        await client.delete(experimentsPath(scope, key), { changeReason: reason });
        io.stdout.write(
          format === 'json'
            ? `${JSON.stringify({ deleted: key }, null, 2)}\n`
            : `Deleted experiment ${key} in ${where(scope)} with its data.\n`,
        );
        return EXIT_OK;
      }
      const body: Record<string, string> = {};
      if (reason !== undefined) body.reason = reason;
      if (serve !== undefined) body.serve = serve;
      const experiment = await client.post<Experiment>(experimentsPath(scope, key, spec.action), body, {
        changeReason: reason,
      });
      const heading =
        spec.action === 'start'
          ? `Started experiment ${experiment.key}: the split of ${experiment.flag} is live`
          : `Stopped experiment ${experiment.key}: ${
              experiment.outcome?.served
                ? `"${experiment.outcome.served}" is served in its place`
                : 'the flag is left as it was'
            }`;
      io.stdout.write(
        format === 'json'
          ? `${JSON.stringify(experiment, null, 2)}\n`
          : formatExperiment(experiment, heading),
      );
      return EXIT_OK;
    },
  };
}

export const experimentActions: readonly Command[] = ACTIONS.map(actionCommand);
