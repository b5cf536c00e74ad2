import { CliError, CliUsageError, EXIT_OK, EXIT_PROBLEMS } from '../errors.js';
import { formatPlan, useColour } from '../flags-as-code/format-plan.js';
import { prepareProjectRun, projectFileHelp } from '../flags-as-code/project-options.js';
import { connectionHelp } from '../server-api/server-options.js';
import type { Command } from './command.js';

/** Exit code when the server differs from the file (0: no changes, 1: error). */
export const EXIT_CHANGES = 2;

const help = `Usage:
  switchyard diff -f FILE [--prune]

Shows what 'switchyard apply -f FILE' would change on the server, as a plan: + create, ~ update
(each field before -> after), - delete, then "Plan: N to create, N to update, N to delete." Nothing
is written. See docs/flags-as-code.md.

Options:
${projectFileHelp}
  -h, --help            Show this help.

${connectionHelp}

Exit codes (for CI: fail a check when the server drifted from git):
  0  no changes: the server matches the file
  1  error: invalid file or command line, the server refused or could not be reached
  2  changes
`;

/** A usage error that exits 1: diff keeps 2 for "changes". */
class DiffUsageError extends CliError {
  readonly code = 'CLI_USAGE';
  readonly exitCode = EXIT_PROBLEMS;
}

export const command: Command = {
  name: 'diff',
  help,
  async run(args, io) {
    let run: Awaited<ReturnType<typeof prepareProjectRun>>;
    try {
      run = await prepareProjectRun('diff', args, io);
    } catch (error) {
      if (error instanceof CliUsageError) {
        throw new DiffUsageError(error.message, ["Run 'switchyard diff --help' for usage."]);
      }
      throw error;
    }
    io.stdout.write(formatPlan(run.plan, useColour(io.stdout, io.env)));
    return run.plan.changes.length === 0 ? EXIT_OK : EXIT_CHANGES;
  },
};
