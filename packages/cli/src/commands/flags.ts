import { parseArgs } from 'node:util';
import { didYouMean } from '@switchyard/core';
import { parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliUsageError, EXIT_OK, EXIT_USAGE } from '../errors.js';
import { formatStaleReport, type StaleFlag } from '../lifecycle/stale-report.js';
import { apiPath } from '../server-api/api-client.js';
import {
  apiClientFor,
  connectionHelp,
  connectionOptions,
  DEFAULT_PROJECT,
  nonEmptyOption,
} from '../server-api/server-options.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard flags stale [--project P] [--format text|json]

Lists the project's stale flags, each with the reasons the server gives: past its expected
lifetime, serving one variant to everyone in every environment for too long, not evaluated for too
long, no code references. The windows are the project's lifecycle settings
(GET /api/v1/projects/{project}/lifecycle).

Options:
  --project P           Project key (default: default).
  --format FORMAT       text (default) or json: { "project", "flags": [ { "key", "kind", "owner",
                        "stage", "reasons": [ { "code", "message", "since" } ] } ] }.
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  listed (stale flags or none)
  1  the server refused or could not be reached
  2  usage error

Example:
  switchyard flags stale --project shop --format json
`;

const options = {
  ...connectionOptions,
  project: { type: 'string' },
  format: { type: 'string' },
} as const;

export const command: Command = {
  name: 'flags',
  help,
  async run(args, io) {
    const [name, ...rest] = args;
    if (name === undefined) {
      io.stderr.write(help);
      return EXIT_USAGE;
    }
    if (name !== 'stale') {
      const problem = name.startsWith('-')
        ? `expected a command before '${name}'`
        : `unknown flags command '${name}'`;
      throw new CliUsageError(`${problem}${didYouMean(name, ['stale'])}`, 'flags');
    }
    const { values } = parseCommandArgs(
      'flags stale',
      () => parseArgs({ args: [...rest], options, allowPositionals: false, strict: true }),
      { options, args: rest },
    );
    const format = parseOutputFormat(values.format, 'text', 'flags stale');
    const project = nonEmptyOption(values.project ?? DEFAULT_PROJECT, 'project', 'flags stale');
    const client = apiClientFor(values, io, 'flags stale');
    const { flags } = await client.get<{ flags: StaleFlag[] }>(
      `${apiPath('projects', project, 'flags')}?stale=true`,
    );
    if (format === 'json') {
      const report = {
        project,
        flags: flags.map((f) => ({
          key: f.key,
          kind: f.kind,
          owner: f.owner,
          stage: f.lifecycle.stage,
          reasons: f.stale.reasons,
        })),
      };
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT_OK;
    }
    io.stdout.write(formatStaleReport(project, flags));
    return EXIT_OK;
  },
};
