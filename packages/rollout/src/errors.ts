/** One problem found in a rollout plan: a JSON Pointer into the submitted document and what is wrong there. */
export interface PlanIssue {
  readonly path: string;
  readonly message: string;
}

/** A rollout plan was rejected; `issues` lists every problem found, each with its JSON Pointer. */
export class RolloutPlanError extends Error {
  readonly code = 'ROLLOUT_PLAN_INVALID';
  readonly issues: readonly PlanIssue[];

  constructor(issues: readonly PlanIssue[]) {
    const first = issues[0];
    const summary = first ? `${first.path || '/'}: ${first.message}` : 'invalid rollout plan';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`Invalid rollout plan: ${summary}${more}`);
    this.name = 'RolloutPlanError';
    this.issues = issues;
  }
}

/** A rollout state does not fit its plan (e.g. a step index past the last step). */
export class RolloutStateError extends Error {
  readonly code = 'ROLLOUT_STATE_INVALID';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`state.${field} ${message}`);
    this.name = 'RolloutStateError';
    this.field = field;
  }
}

/** A metric snapshot is malformed (negative counts, more errors than requests, unordered buckets …). */
export class MetricSnapshotError extends Error {
  readonly code = 'ROLLOUT_SNAPSHOT_INVALID';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`snapshot.${field} ${message}`);
    this.name = 'MetricSnapshotError';
    this.field = field;
  }
}

/** A duration string such as "30s", "10m", "2h", "1d" or "1h30m" could not be read. */
export class InvalidDurationError extends Error {
  readonly code = 'ROLLOUT_DURATION_INVALID';

  constructor(value: unknown) {
    super(
      `duration must be a string like "30s", "10m", "2h", "1d" or "1h30m", got ${JSON.stringify(value) ?? String(value)}`,
    );
    this.name = 'InvalidDurationError';
  }
}

/** A state transition that the rollout's status does not allow (e.g. resuming a rollout that is not paused). */
export class RolloutTransitionError extends Error {
  readonly code = 'ROLLOUT_TRANSITION_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'RolloutTransitionError';
  }
}

/** A kill rule was rejected; `issues` lists every problem with its JSON Pointer. */
export class KillRuleError extends Error {
  readonly code = 'KILL_RULE_INVALID';
  readonly issues: readonly PlanIssue[];

  constructor(issues: readonly PlanIssue[]) {
    super(`Invalid kill rule: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'KillRuleError';
    this.issues = issues;
  }
}
