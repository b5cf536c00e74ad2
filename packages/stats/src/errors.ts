/** Renders a rejected value for an error message without throwing on odd inputs. */
function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** A caller passed an argument outside its domain; `field` names it, `problem` says what is wrong. */
export class InvalidArgumentError extends Error {
  readonly code = 'STATS_INVALID_ARGUMENT';
  readonly field: string;
  readonly problem: string;

  constructor(field: string, problem: string, value: unknown) {
    super(`${field} ${problem}, got ${show(value)}`);
    this.name = 'InvalidArgumentError';
    this.field = field;
    this.problem = problem;
  }
}

/** The inputs are valid but carry too little information for the requested quantity (e.g. n < 2, zero variance). */
export class InsufficientDataError extends Error {
  readonly code = 'STATS_INSUFFICIENT_DATA';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InsufficientDataError';
    this.field = field;
  }
}
