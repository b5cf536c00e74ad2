import { CliServerError } from '../errors.js';
import type { ApiClient } from '../server-api/api-client.js';
import type { PlannedChange, ProjectCommand } from './plan-project.js';

/** One change as it went: committed, or held as a change request for approval. */
export type AppliedChange =
  | { readonly change: PlannedChange; readonly outcome: 'applied' }
  | { readonly change: PlannedChange; readonly outcome: 'change-request'; readonly changeRequestId: string };

/** A change the server refused; `applied` lists what committed before it. */
export class ApplyFailure extends Error {
  constructor(
    readonly change: PlannedChange,
    override readonly cause: CliServerError,
    readonly applied: readonly AppliedChange[],
    readonly stage: 'check' | 'apply',
  ) {
    super(`${change.resource}: ${cause.message}`);
    this.name = 'ApplyFailure';
  }
}

interface CommandAnswer {
  readonly changeRequest?: { readonly id: string | number; readonly status?: string };
}

/**
 * Has the server plan (`POST /commands/plan`, nothing committed) every change that does not depend on
 * an earlier one of the plan; returns how many it checked. A refusal throws an `ApplyFailure` at
 * stage `check`.
 */
export async function checkPlan(
  client: ApiClient,
  changes: readonly PlannedChange[],
  reason: string | undefined,
): Promise<number> {
  const independent = changes.filter((c) => c.independent);
  for (const change of independent) {
    try {
      await client.post(
        '/commands/plan',
        reason === undefined ? change.command : { ...change.command, reason },
      );
    } catch (error) {
      if (error instanceof CliServerError) throw new ApplyFailure(change, error, [], 'check');
      throw error;
    }
  }
  return independent.length;
}

/**
 * Runs the plan's commands through the server's command path, in order. First every change that
 * does not depend on an earlier one is planned by the server (`POST /commands/plan`): a refusal or a
 * version overtaken by a concurrent change (412) stops everything before anything is written. Then
 * each runs with its `expectedVersion`; an environment that requires approval answers 202 with a
 * change request, which is reported and not treated as a failure.
 */
export async function applyPlan(
  client: ApiClient,
  changes: readonly PlannedChange[],
  reason: string | undefined,
  onApplied: (applied: AppliedChange) => void = () => {},
): Promise<AppliedChange[]> {
  const body = (command: ProjectCommand) => (reason === undefined ? command : { ...command, reason });
  await checkPlan(client, changes, reason);
  const applied: AppliedChange[] = [];
  for (const change of changes) {
    let answer: CommandAnswer;
    try {
      answer = await client.post<CommandAnswer>('/commands', body(change.command), { acceptHeld: true });
    } catch (error) {
      if (error instanceof CliServerError) throw new ApplyFailure(change, error, applied, 'apply');
      throw error;
    }
    const done: AppliedChange =
      answer.changeRequest === undefined
        ? { change, outcome: 'applied' }
        : { change, outcome: 'change-request', changeRequestId: String(answer.changeRequest.id) };
    applied.push(done);
    onApplied(done);
  }
  return applied;
}
