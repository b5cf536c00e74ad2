import { parseArgs } from 'node:util';
import { parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliUsageError, EXIT_OK, EXIT_USAGE } from '../errors.js';
import { apiPath } from '../server-api/api-client.js';
import {
  apiClientFor,
  connectionHelp,
  connectionOptions,
  DEFAULT_PROJECT,
  nonEmptyOption,
  reasonOption,
} from '../server-api/server-options.js';
import type { Command } from './command.js';
import { subcommandNamed } from './command-group.js';

const VERBS = ['archive', 'restore'] as const;

const help = `Usage:
  switchyard flag archive KEY [--project P] [--reason TEXT] [--format text|json]
  switchyard flag restore KEY [--project P] [--reason TEXT] [--format text|json]

archive: the flag is served nowhere (SDKs get FLAG_NOT_FOUND; streams are told at once) and hidden
from the flag list, but kept with its configuration in every environment and its history.
restore: the flag is served again exactly as it was configured.

Options:
  --project P           Project key (default: default).
  --reason TEXT         Why: recorded in the audit trail.
  --format FORMAT       text (default) or json: the flag as the server answers it.
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  archived / restored
  1  the server refused (no such flag, already archived, a rollout still running) or could not be
     reached
  2  usage error

Example:
  switchyard flag archive old-banner --reason 'launched in March'
`;

const options = {
  ...connectionOptions,
  project: { type: 'string' },
  reason: { type: 'string' },
  format: { type: 'string' },
} as const;

interface FlagAnswer {
  readonly key: string;
  readonly version: number;
  readonly archivedAt: string | null;
  readonly lifecycle: { readonly stage: string };
}

export const command: Command = {
  name: 'flag',
  help,
  async run(args, io) {
    const [first, ...rest] = args;
    if (first === undefined) {
      io.stderr.write(help);
      return EXIT_USAGE;
    }
    const verb = subcommandNamed(first, VERBS, 'flag');
    const name = `flag ${verb}`;
    const { values, positionals } = parseCommandArgs(
      name,
      () => parseArgs({ args: [...rest], options, allowPositionals: true, strict: true }),
      { options, args: rest },
    );
    if (positionals.length !== 1) {
      throw new CliUsageError(
        positionals.length === 0
          ? 'the flag KEY is required'
          : `expected one flag KEY, got ${positionals.length}`,
        name,
      );
    }
    const key = nonEmptyOption(positionals[0]!, 'KEY', name);
    const format = parseOutputFormat(values.format, 'text', name);
    const project = nonEmptyOption(values.project ?? DEFAULT_PROJECT, 'project', name);
    const reason = reasonOption(values.reason, name);
    const client = apiClientFor(values, io, name);
    const flag = await client.post<FlagAnswer>(apiPath('projects', project, 'flags', key, verb), undefined, {
      changeReason: reason,
    });
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(flag, null, 2)}\n`);
      return EXIT_OK;
    }
    io.stdout.write(
      verb === 'archive'
        ? `Archived ${flag.key} (project ${project}): served nowhere until restored (version ${flag.version}).\n`
        : `Restored ${flag.key} (project ${project}): served again as configured, now ${flag.lifecycle.stage} (version ${flag.version}).\n`,
    );
    return EXIT_OK;
  },
};
