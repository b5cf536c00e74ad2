import type { ValidationIssue } from './types.js';

/** Thrown by `FlagSet.parse` when a document is rejected; `issues` lists every problem found. */
export class FlagSetValidationError extends Error {
  readonly code = 'FLAG_SET_INVALID';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const first = issues[0];
    const summary = first ? `${first.path || '/'}: ${first.message}` : 'invalid flag set';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`Invalid flag set: ${summary}${more}`);
    this.name = 'FlagSetValidationError';
    this.issues = issues;
  }
}
