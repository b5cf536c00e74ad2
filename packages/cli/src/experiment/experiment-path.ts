import { CliUsageError } from '../errors.js';
import { apiPath } from '../server-api/api-client.js';
import type { EnvironmentScope } from '../server-api/server-options.js';

/** `…/projects/P/environments/E/experiments[/KEY[/ACTION]]`. */
export function experimentsPath(scope: EnvironmentScope, ...rest: readonly string[]): string {
  return apiPath('projects', scope.project, 'environments', scope.environment, 'experiments', ...rest);
}

/** The one positional argument: the experiment's key. */
export function experimentKey(positionals: readonly string[], command: string): string {
  if (positionals.length > 1) throw new CliUsageError(`unexpected argument '${positionals[1]}'`, command);
  const [key] = positionals;
  if (key === undefined || key.trim() === '') throw new CliUsageError("give the experiment's KEY", command);
  return key;
}

export const where = (scope: EnvironmentScope) => `${scope.environment} (project ${scope.project})`;
