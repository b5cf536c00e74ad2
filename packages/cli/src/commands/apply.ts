import { EXIT_OK, EXIT_PROBLEMS } from '../errors.js';
import { type AppliedChange, ApplyFailure, applyPlan, checkPlan } from '../flags-as-code/apply-plan.js';
import { formatPlan, useColour } from '../flags-as-code/format-plan.js';
import { prepareProjectRun, projectFileHelp } from '../flags-as-code/project-options.js';
import { connectionHelp } from '../server-api/server-options.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard apply -f FILE [--dry-run] [--prune] [--reason TEXT]

Makes the server's project match a project file (flags as code), like 'terraform apply': prints the
plan (+ create, ~ update, - delete, "Plan: N to create, N to update, N to delete."), then applies it
through the server's command path, each change checked against the version it was planned from.
Applying the same file again changes nothing (no new versions, no audit entries). Only what the file
states is managed; deletions need --prune; environments are created, never deleted.

Before writing anything, the server plans every change (a change refused, or overtaken by a
concurrent edit, stops the run with nothing written). Where an environment requires approval, the
change becomes a change request: reported as "change request N opened", not as a failure.

Options:
${projectFileHelp}
  --dry-run             Print the plan and have the server check it (POST /commands/plan);
                        change nothing.
  --reason TEXT         Recorded in the audit trail with every change.
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  applied (or nothing to do, or --dry-run and the server accepts the plan)
  1  invalid file, the server refused a change (a conflict: 412) or could not be reached; the
     output says which changes were applied before
  2  usage error

Example:
  switchyard apply -f shop.yaml --prune --reason 'release 2026.11'
`;

export const command: Command = {
  name: 'apply',
  help,
  async run(args, io) {
    const run = await prepareProjectRun('apply', args, io);
    const colour = useColour(io.stdout, io.env);
    io.stdout.write(formatPlan(run.plan, colour));
    if (run.plan.changes.length === 0) return EXIT_OK;
    io.stdout.write('\n');
    let applied: AppliedChange[];
    try {
      if (run.dryRun) {
        const checked = await checkPlan(run.client, run.plan.changes, run.reason);
        const total = run.plan.changes.length;
        io.stdout.write(
          `Dry run: the server accepts ${checked === total ? 'every change' : `${checked} of ${total} changes (the others depend on changes not made yet)`}; nothing was changed.\n`,
        );
        return EXIT_OK;
      }
      applied = await applyPlan(run.client, run.plan.changes, run.reason, (done) => {
        io.stdout.write(
          done.outcome === 'applied'
            ? `${done.change.resource}: done\n`
            : `${done.change.resource}: change request ${done.changeRequestId} opened (the environment requires approval)\n`,
        );
      });
    } catch (error) {
      if (!(error instanceof ApplyFailure)) throw error;
      io.stderr.write(failureText(error));
      return EXIT_PROBLEMS;
    }
    const requests = applied.filter((a) => a.outcome === 'change-request').length;
    const done = applied.length - requests;
    io.stdout.write(
      `\nApply complete: ${done} change${done === 1 ? '' : 's'} applied` +
        (requests > 0 ? `, ${requests} waiting for approval as change requests.\n` : '.\n'),
    );
    return EXIT_OK;
  },
};

function failureText(failure: ApplyFailure): string {
  const { cause } = failure;
  const conflict = cause.status === 412 || cause.serverCode === 'version_conflict';
  const lines = [
    `error: ${failure.change.resource}: ${cause.message}`,
    ...cause.details,
    conflict
      ? 'It changed on the server after the plan was made: run diff or apply again to plan from the new state.'
      : '',
    failure.stage === 'check'
      ? 'Nothing was changed: the server refused the plan before anything was written.'
      : failure.applied.length === 0
        ? 'Nothing was changed.'
        : `Applied before the failure: ${failure.applied.map((a) => a.change.resource).join(', ')}.`,
  ];
  return `${lines.filter((l) => l !== '').join('\n')}\n`;
}
