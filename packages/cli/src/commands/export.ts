import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatFileProblem,
  loadFlagFiles,
  type ProjectFileFormat,
  stringifyProjectDocument,
} from '@switchyard/flag-files';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliInputError, CliUsageError, EXIT_OK } from '../errors.js';
import { exportProject } from '../flags-as-code/export-project.js';
import { projectFromFlagd } from '../flags-as-code/from-flagd.js';
import { schemaUrlOf } from '../flags-as-code/project-file-input.js';
import { readServerProject } from '../flags-as-code/server-project.js';
import { ApiClient } from '../server-api/api-client.js';
import { resolveServerConnection } from '../server-api/server-connection.js';
import {
  connectionHelp,
  connectionOptions,
  DEFAULT_PROJECT,
  nonEmptyOption,
} from '../server-api/server-options.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard export [--project P] [-o FILE] [--format yaml|json]
  switchyard export --from-flagd FILE... --environment ENV [--project P] [-o FILE] [--format yaml|json]

Writes a project as a project file (flags as code): its flags, and per environment its segments and
each flag's configuration. 'switchyard apply -f FILE' makes a server match such a file. See
docs/flags-as-code.md for the format.

With --from-flagd, reads flagd flag files instead of a server (no connection needed) and writes them
as the configuration of one environment: import a flagd setup, then apply it.

Options:
  --project P           Project key (default: default).
  -o, --output FILE     Write to FILE instead of standard output.
  --format FORMAT       yaml (default, or from the extension of -o) or json.
  --from-flagd FILE     A flagd flag file (JSON or YAML); repeat it, or list more files after it.
  --environment ENV     With --from-flagd: the environment the files configure. Required there.
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  written
  1  the server refused or could not be reached, or a flagd file is invalid
  2  usage error

Examples:
  switchyard export --project shop -o shop.yaml
  switchyard export --from-flagd flags.json --environment production -o project.yaml
`;

const options = {
  ...connectionOptions,
  project: { type: 'string' },
  environment: { type: 'string' },
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
  'from-flagd': { type: 'string', multiple: true },
} as const;

export const command: Command = {
  name: 'export',
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      'export',
      () => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }),
      { options, args },
    );
    const project = nonEmptyOption(values.project ?? DEFAULT_PROJECT, 'project', 'export');
    const format = formatOf(values.format, values.output);
    const flagdFiles = [...(values['from-flagd'] ?? []), ...positionals];
    if (values['from-flagd'] === undefined && positionals.length > 0) {
      throw new CliUsageError(`unexpected argument '${positionals[0]}'`, 'export');
    }
    let text: string;
    if (flagdFiles.length > 0) {
      if (values.environment === undefined) {
        throw new CliUsageError("option '--environment ENV' is required with --from-flagd", 'export');
      }
      const environment = nonEmptyOption(values.environment, 'environment', 'export');
      const loaded = await loadFlagFiles(flagdFiles, io.cwd);
      if (!loaded.ok) {
        throw new CliInputError(
          'the flagd files cannot be imported',
          loaded.problems.map((p) => `  ${formatFileProblem(p)}`),
        );
      }
      text = stringifyProjectDocument(
        projectFromFlagd(loaded.combined.document, project, environment),
        format,
      );
    } else {
      if (values.environment !== undefined) {
        throw new CliUsageError("option '--environment' only goes with --from-flagd", 'export');
      }
      const connection = resolveServerConnection(values, io.env, 'export');
      const state = await readServerProject(new ApiClient(connection), project);
      if (!state.exists)
        throw new CliInputError(`the server at ${connection.url} has no project '${project}'`);
      text = stringifyProjectDocument(exportProject(state), format, schemaUrlOf(connection.url));
    }
    if (values.output === undefined) io.stdout.write(text);
    else {
      const path = resolve(io.cwd, values.output);
      try {
        await writeFile(path, text);
      } catch (error) {
        throw new CliInputError(`cannot write ${values.output}: ${(error as Error).message}`);
      }
      io.stderr.write(`Wrote ${values.output}.\n`);
    }
    return EXIT_OK;
  },
};

function formatOf(value: string | undefined, output: string | undefined): ProjectFileFormat {
  if (value === 'yaml' || value === 'json') return value;
  if (value !== undefined) {
    throw new CliUsageError(`option '--format' must be 'yaml' or 'json', got '${value}'`, 'export');
  }
  return output !== undefined && extname(output).toLowerCase() === '.json' ? 'json' : 'yaml';
}
