import { parseArgs } from 'node:util';
import { parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliError, CliUsageError, EXIT_OK } from '../errors.js';
import { type ApiClient, apiPath } from '../server-api/api-client.js';
import {
  apiClientFor,
  connectionHelp,
  connectionOptions,
  type EnvironmentScope,
  environmentScope,
  nonEmptyOption,
  reasonOption,
  scopeOptions,
} from '../server-api/server-options.js';
import { formatTable } from '../text/table.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard kill --environment ENV --flag FLAG [--project P] [--reason TEXT]

The kill switch: in this environment every SDK serves the flag's safe variant to everyone, whatever
its rules (the flag is ENABLED with that variant as default and no targeting; the rules dropped are
kept in the audit trail). A running or paused rollout of the flag ends rolled back. Prints what
every SDK now serves.

The safe variant is the flag's own safeVariant if it has one, else the false-valued variant of a
boolean flag, else its default variant.

Options:
  --project P           Project key (default: default).
  --environment ENV     Environment key. Required.
  --flag FLAG           The flag to kill. Required.
  --reason TEXT         Why: recorded with the change (and in the rollout's timeline).
  --format FORMAT       text (default) or json: the server's answer (the flag's configuration in
                        the environment, with safeVariant and reason).
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  killed
  1  the server refused (no such flag or environment, a token that may not change it) or could not
     be reached
  2  usage error

Example:
  switchyard kill --environment production --flag new-checkout --reason 'checkout errors, INC-431'
`;

const options = {
  ...connectionOptions,
  ...scopeOptions,
  flag: { type: 'string' },
  reason: { type: 'string' },
  format: { type: 'string' },
} as const;

/** The answer of `POST …/flags/{flag}/kill`, as far as it is shown. */
interface KilledFlag {
  readonly project: string;
  readonly environment: string;
  readonly flag: string;
  readonly state: string;
  readonly defaultVariant: string | null;
  readonly safeVariant: string;
  readonly reason: string;
  readonly version: number;
  readonly updatedAt: string;
}

export const command: Command = {
  name: 'kill',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(
      'kill',
      () => parseArgs({ args: [...args], options, allowPositionals: false, strict: true }),
      { options: options, args: args },
    );
    const format = parseOutputFormat(values.format, 'text', 'kill');
    const scope = environmentScope(values, 'kill');
    if (values.flag === undefined) throw new CliUsageError("option '--flag FLAG' is required", 'kill');
    const flag = nonEmptyOption(values.flag, 'flag', 'kill');
    const reason = reasonOption(values.reason, 'kill');
    const client = apiClientFor(values, io, 'kill');
    const killed = await client.post<KilledFlag>(
      apiPath('projects', scope.project, 'environments', scope.environment, 'flags', flag, 'kill'),
      reason === undefined ? {} : { reason },
      { changeReason: reason },
    );
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(killed, null, 2)}\n`);
      return EXIT_OK;
    }
    const value = await variantValue(client, scope, flag, killed.safeVariant);
    const served = value === undefined ? `"${killed.safeVariant}"` : `"${killed.safeVariant}" (${value})`;
    io.stdout.write(
      `Killed ${killed.flag} in ${killed.environment} (project ${killed.project}): every SDK now serves ${served}.\n${formatTable(
        [
          ['reason', killed.reason],
          ['version', `${killed.version} (at ${killed.updatedAt})`],
        ],
        '  ',
      )}`,
    );
    return EXIT_OK;
  },
};

/** The variant's value, shown with its name; the flag is killed already, so failing to read it only leaves it out. */
async function variantValue(
  client: ApiClient,
  scope: EnvironmentScope,
  flag: string,
  variant: string,
): Promise<string | undefined> {
  try {
    const { variants } = await client.get<{ variants: Record<string, unknown> }>(
      apiPath('projects', scope.project, 'flags', flag),
    );
    if (!Object.hasOwn(variants, variant)) return undefined;
    const text = JSON.stringify(variants[variant]);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch (error) {
    if (error instanceof CliError) return undefined;
    throw error;
  }
}
