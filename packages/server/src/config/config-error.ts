/** A server setting (option, environment variable) that cannot be used; the message names it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}
