/**
 * A change to the management model, as a plain value: it can be shown, planned, stored (JSON) and
 * executed later. Every write goes through one executor, whoever asks: a person over HTTP, the
 * CLI, `apply`, the rollout controller, a schedule, an approval.
 */
export interface Command {
  /** What to do, e.g. `flag-config.update`; see `GET /api/v1/commands/actions`. */
  action: string;
  /** What it applies to, by key. Which fields an action needs is part of the action. */
  target: CommandTarget;
  /** The action's input (a JSON object). */
  payload?: unknown;
  /**
   * The version of the target the command was written against (If-Match). When the target has
   * moved on, the command is refused with 412 and changes nothing. 0 on a create: must not exist.
   */
  expectedVersion?: number;
  /** Why: recorded in the audit trail. */
  reason?: string;
  /** Overrides refusals that say they can be forced (e.g. changing the type of a served flag's variants). */
  force?: boolean;
}

export interface CommandTarget {
  project?: string;
  environment?: string;
  flag?: string;
  segment?: string;
  /** An SDK key or admin token id. */
  id?: string;
}

export const targetFields = ['project', 'environment', 'flag', 'segment', 'id'] as const;
export type TargetField = (typeof targetFields)[number];

/**
 * Where a command's problems point. Over HTTP routes the payload is the body and the target the
 * path parameters; for a command value they are `/payload` and `/target/<field>`.
 */
export interface IssuePaths {
  /** Where the action's own problems point (default `/action`). */
  action?: string;
  payload: string;
  target: Record<TargetField, string>;
  expectedVersion: string;
}

export const commandIssuePaths: IssuePaths = {
  payload: '/payload',
  target: {
    project: '/target/project',
    environment: '/target/environment',
    flag: '/target/flag',
    segment: '/target/segment',
    id: '/target/id',
  },
  expectedVersion: '/expectedVersion',
};
