import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../errors.js';
import { ApiClient } from './api-client.js';
import { DEFAULT_SERVER_URL, resolveServerConnection } from './server-connection.js';

/** The options of every command that talks to a server. */
export const connectionOptions = {
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

/** Where a change applies; --project defaults to `default`, the project a first start creates. */
export const scopeOptions = {
  project: { type: 'string' },
  environment: { type: 'string' },
} as const;

export const DEFAULT_PROJECT = 'default';

/** The help lines for the options above, shared by every server command. */
export const connectionHelp = `Connection:
  --url URL              The server (env SWITCHYARD_URL; default ${DEFAULT_SERVER_URL}).
  --token TOKEN          An admin token (env SWITCHYARD_TOKEN). Prefer the variable: other users of
                         the machine can see a command line. The token is never printed.
  Options win over the environment.`;

export function apiClientFor(
  values: { readonly url?: string | undefined; readonly token?: string | undefined },
  io: CliIo,
  command: string,
): ApiClient {
  return new ApiClient(resolveServerConnection(values, io.env, command));
}

export interface EnvironmentScope {
  readonly project: string;
  readonly environment: string;
}

export function environmentScope(
  values: { readonly project?: string | undefined; readonly environment?: string | undefined },
  command: string,
): EnvironmentScope {
  if (values.environment === undefined) {
    throw new CliUsageError("option '--environment ENV' is required", command);
  }
  return {
    project: nonEmptyOption(values.project ?? DEFAULT_PROJECT, 'project', command),
    environment: nonEmptyOption(values.environment, 'environment', command),
  };
}

export function nonEmptyOption(value: string, name: string, command: string): string {
  if (value.trim() === '') throw new CliUsageError(`option '--${name}' needs a non-empty value`, command);
  return value;
}

/** The server keeps reasons of at most 1000 characters. */
export function reasonOption(value: string | undefined, command: string): string | undefined {
  if (value === undefined) return undefined;
  nonEmptyOption(value, 'reason', command);
  if ([...value].length > 1000) {
    throw new CliUsageError(
      `option '--reason' must be at most 1000 characters, got ${[...value].length}`,
      command,
    );
  }
  return value;
}
