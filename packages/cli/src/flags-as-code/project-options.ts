import { parseArgs } from 'node:util';
import type { ProjectDocument } from '@switchyard/flag-files';
import { parseCommandArgs } from '../args/parse-command-args.js';
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../errors.js';
import { ApiClient } from '../server-api/api-client.js';
import { resolveServerConnection } from '../server-api/server-connection.js';
import { connectionOptions } from '../server-api/server-options.js';
import { type ProjectPlan, planProject } from './plan-project.js';
import { readProjectInput } from './project-file-input.js';
import { readServerProject } from './server-project.js';

const options = {
  ...connectionOptions,
  file: { type: 'string', short: 'f' },
  prune: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  reason: { type: 'string' },
} as const;

export interface ProjectRun {
  readonly client: ApiClient;
  readonly document: ProjectDocument;
  readonly plan: ProjectPlan;
  readonly dryRun: boolean;
  readonly reason: string | undefined;
}

/**
 * What `diff` and `apply` share: the options, the file (checked before the server is asked
 * anything), the server's state and the plan between them.
 */
export async function prepareProjectRun(
  command: 'diff' | 'apply',
  args: readonly string[],
  io: CliIo,
): Promise<ProjectRun> {
  const { values } = parseCommandArgs(
    command,
    () => parseArgs({ args: [...args], options, allowPositionals: false, strict: true }),
    { options, args },
  );
  if (command === 'diff' && (values['dry-run'] !== undefined || values.reason !== undefined)) {
    throw new CliUsageError(
      `option '--${values['dry-run'] ? 'dry-run' : 'reason'}' only goes with apply`,
      command,
    );
  }
  if (values.file === undefined) throw new CliUsageError("option '-f FILE' is required", command);
  if (values.reason !== undefined && values.reason.trim() === '') {
    throw new CliUsageError("option '--reason' needs a non-empty value", command);
  }
  const client = new ApiClient(resolveServerConnection(values, io.env, command));
  const document = await readProjectInput(values.file, io.cwd);
  const current = await readServerProject(client, document.project);
  return {
    client,
    document,
    plan: planProject(document, current, values.prune === true),
    dryRun: values['dry-run'] === true,
    reason: values.reason,
  };
}

export const projectFileHelp = `  -f, --file FILE       The project file (YAML by extension .yaml/.yml, else JSON). Required.
  --prune               Also delete the flags and segments (in the file's environments) that the
                        file leaves out. Without it they are kept and listed.`;
