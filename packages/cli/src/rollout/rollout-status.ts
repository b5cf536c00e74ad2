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
  scopeOptions,
} from '../server-api/server-options.js';
import { getRollout, resolveRolloutId, rolloutSelector, rolloutsPath } from './find-rollout.js';
import { formatPlannedSteps, formatRollout, formatRolloutList, formatTimeline } from './rollout-text.js';
import type { RolloutList } from './rollout-types.js';

const NAME = 'rollout status';
const DEFAULT_TIMELINE = 10;

const help = `Usage:
  switchyard rollout status --environment ENV [--project P] [ID | --flag FLAG] [--timeline N|all]

With a rollout ID, or --flag (its running or paused rollout, else its latest one): where the rollout
is (status, weight, current step, its plan), its planned steps, and the last entries of its timeline:
every step, hold, pause and rollback with its reason. Without either: the environment's rollouts,
newest first, one line each.

Options:
  --project P           Project key (default: default).
  --environment ENV     Environment key. Required.
  --flag FLAG           The rollout of this flag.
  --timeline N          Timeline entries shown, the latest (default ${DEFAULT_TIMELINE}; 0 for none, all for every one).
                        It limits the timeline of the JSON answer too.
  --format FORMAT       text (default) or json: the server's answer (RolloutDetail with its timeline,
                        or RolloutList: {"rollouts": [...]}).
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  shown
  1  no such rollout, the flag has none, or the server refused or could not be reached
  2  usage error

Examples:
  switchyard rollout status --environment production
  switchyard rollout status --environment production --flag new-checkout --timeline 20
  switchyard rollout status --environment production 4b7d0c1e-… --format json | jq .weight
`;

const options = {
  ...connectionOptions,
  ...scopeOptions,
  flag: { type: 'string' },
  timeline: { type: 'string' },
  format: { type: 'string' },
} as const;

export const rolloutStatus: Command = {
  name: NAME,
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      NAME,
      () => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }),
      { options: options, args: args },
    );
    const format = parseOutputFormat(values.format, 'text', NAME);
    const scope = environmentScope(values, NAME);
    const selector = rolloutSelector(positionals, values.flag, NAME);
    const limit = timelineLimit(values.timeline);
    const client = apiClientFor(values, io, NAME);
    if (selector === undefined) {
      if (values.timeline !== undefined) {
        throw new CliUsageError("option '--timeline' needs a rollout: give its ID or --flag FLAG", NAME);
      }
      const list = await client.get<RolloutList>(rolloutsPath(scope));
      const where = `${scope.environment} (project ${scope.project})`;
      io.stdout.write(
        format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : formatRolloutList(list.rollouts, where),
      );
      return EXIT_OK;
    }
    const id = await resolveRolloutId(client, scope, selector, { orLatest: true });
    const rollout = await getRollout(client, scope, id);
    const timeline = limit === 0 ? [] : rollout.timeline.slice(-limit);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ ...rollout, timeline }, null, 2)}\n`);
      return EXIT_OK;
    }
    const parts = [formatRollout(rollout, `Rollout ${rollout.id}`), formatPlannedSteps(rollout)];
    if (limit !== 0) parts.push(formatTimeline(rollout.timeline, limit));
    io.stdout.write(parts.join('\n'));
    return EXIT_OK;
  },
};

function timelineLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMELINE;
  if (text === 'all') return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(text)) {
    throw new CliUsageError(`option '--timeline' must be a number of entries or 'all', got '${text}'`, NAME);
  }
  return Number(text);
}
