import { parseArgs } from 'node:util';
import { didYouMean } from '@switchyard/core';
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
} from '../server-api/server-options.js';
import { type ChangeRequest, describeChangeRequest, listChangeRequests } from './change-request-text.js';
import type { Command } from './command.js';
import { subcommandNamed } from './command-group.js';

const help = `Usage:
  switchyard change-request list    [--status STATUS] [--environment ENV]
  switchyard change-request show    ID
  switchyard change-request approve ID [--comment TEXT]
  switchyard change-request reject  ID [--comment TEXT]
  switchyard change-request comment ID --comment TEXT
  switchyard change-request apply   ID [--at INSTANT]
  switchyard change-request unschedule ID
  switchyard change-request cancel  ID
  (alias: switchyard cr …)

Changes to an environment with an approval policy wait as change requests: someone other than the
requester, with a role the policy counts, approves them; then they are applied (re-checked against
the state then: a conflicting change in between refuses the apply and changes nothing).

Options:
  --project P           Project key (default: default).
  --status STATUS       list: pending, approved, rejected, applied or cancelled.
  --environment ENV     list: requests that change this environment.
  --comment TEXT        A comment (with approve and reject, optional).
  --at INSTANT          apply: at this instant (e.g. 2026-12-01T09:00:00Z) once approved, not now.
                        unschedule clears that instant: the request then waits to be applied by hand.
  --format FORMAT       text (default) or json: the server's answer.
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  success
  1  the server refused (not found, not allowed, not approved, a conflict) or could not be reached
  2  usage error
`;

const options = {
  ...connectionOptions,
  project: { type: 'string' },
  status: { type: 'string' },
  environment: { type: 'string' },
  comment: { type: 'string' },
  at: { type: 'string' },
  format: { type: 'string' },
} as const;

const subcommands = [
  'list',
  'show',
  'approve',
  'reject',
  'comment',
  'apply',
  'unschedule',
  'cancel',
] as const;
type Subcommand = (typeof subcommands)[number];
const statuses = ['pending', 'approved', 'rejected', 'applied', 'cancelled'];
/** Which options each subcommand takes (the rest are refused, not ignored). */
const allowed: Record<Subcommand, readonly string[]> = {
  list: ['status', 'environment'],
  show: [],
  approve: ['comment'],
  reject: ['comment'],
  comment: ['comment'],
  apply: ['at'],
  unschedule: [],
  cancel: [],
};

export const command: Command = {
  name: 'change-request',
  help,
  async run(args, io) {
    const [name, ...rest] = args;
    if (name === undefined) {
      io.stderr.write(help);
      return EXIT_USAGE;
    }
    const sub = subcommandNamed(name, subcommands, 'change-request');
    const where = `change-request ${sub}`;
    const { values, positionals } = parseCommandArgs(
      where,
      () => parseArgs({ args: [...rest], options, allowPositionals: true, strict: true }),
      { options, args: rest },
    );
    for (const option of ['status', 'environment', 'comment', 'at'] as const) {
      if (values[option] !== undefined && !allowed[sub].includes(option)) {
        throw new CliUsageError(`option '--${option}' does not apply to '${sub}'`, where);
      }
    }
    const format = parseOutputFormat(values.format, 'text', where);
    const project = nonEmptyOption(values.project ?? DEFAULT_PROJECT, 'project', where);
    const client = apiClientFor(values, io, where);
    const print = (request: ChangeRequest) =>
      io.stdout.write(
        format === 'json' ? `${JSON.stringify(request, null, 2)}\n` : describeChangeRequest(request),
      );

    if (sub === 'list') {
      if (positionals.length > 0) throw new CliUsageError(`unexpected argument '${positionals[0]}'`, where);
      const query = new URLSearchParams();
      if (values.status !== undefined) {
        if (!statuses.includes(values.status)) {
          throw new CliUsageError(
            `option '--status' must be one of ${statuses.join(', ')}, got '${values.status}'${didYouMean(values.status, statuses)}`,
            where,
          );
        }
        query.set('status', values.status);
      }
      if (values.environment !== undefined) {
        query.set('environment', nonEmptyOption(values.environment, 'environment', where));
      }
      const suffix = query.size > 0 ? `?${query}` : '';
      const { changeRequests } = await client.get<{ changeRequests: ChangeRequest[] }>(
        `${apiPath('projects', project, 'change-requests')}${suffix}`,
      );
      io.stdout.write(
        format === 'json'
          ? `${JSON.stringify({ changeRequests }, null, 2)}\n`
          : listChangeRequests(changeRequests),
      );
      return EXIT_OK;
    }

    if (positionals.length !== 1) {
      throw new CliUsageError(
        positionals.length === 0
          ? 'the change request ID is required'
          : `unexpected argument '${positionals[1]}'`,
        where,
      );
    }
    const id = nonEmptyOption(positionals[0]!, 'ID', where);
    const path = apiPath('projects', project, 'change-requests', id);
    if (sub === 'show') {
      print(await client.get<ChangeRequest>(path));
      return EXIT_OK;
    }
    const comment =
      values.comment === undefined ? undefined : nonEmptyOption(values.comment, 'comment', where);
    let answer: ChangeRequest;
    if (sub === 'comment') {
      if (comment === undefined) throw new CliUsageError("option '--comment TEXT' is required", where);
      answer = await client.post<ChangeRequest>(`${path}/comments`, { text: comment });
    } else if (sub === 'apply') {
      if (values.at !== undefined && Number.isNaN(Date.parse(values.at))) {
        throw new CliUsageError(`option '--at' must be an instant such as 2026-12-01T09:00:00Z`, where);
      }
      answer = await client.post<ChangeRequest>(
        `${path}/apply`,
        values.at === undefined ? {} : { applyAt: new Date(values.at).toISOString() },
      );
    } else if (sub === 'unschedule') {
      answer = await client.post<ChangeRequest>(`${path}/apply`, { applyAt: null });
    } else {
      answer = await client.post<ChangeRequest>(`${path}/${sub}`, comment === undefined ? {} : { comment });
    }
    print(answer);
    return EXIT_OK;
  },
};
