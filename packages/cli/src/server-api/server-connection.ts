import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../errors.js';

/** Where `switchyard serve` listens by default, so a local server needs no --url. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080';

export type UrlSource = '--url' | 'SWITCHYARD_URL' | 'default';
export type TokenSource = '--token' | 'SWITCHYARD_TOKEN';

/** How to reach the admin API: the server's base URL (no trailing slash) and an admin token. */
export interface ServerConnection {
  readonly url: string;
  readonly token: string;
  /** Where the URL and the token came from, for messages. */
  readonly urlSource: UrlSource;
  readonly tokenSource: TokenSource;
}

/**
 * `--url`/`--token` win over `SWITCHYARD_URL`/`SWITCHYARD_TOKEN`; an empty variable counts as unset.
 * Errors name where the bad value came from, and never repeat the token.
 */
export function resolveServerConnection(
  values: { readonly url?: string | undefined; readonly token?: string | undefined },
  env: CliIo['env'],
  command: string,
): ServerConnection {
  const urlSource: UrlSource =
    values.url !== undefined ? '--url' : env.SWITCHYARD_URL ? 'SWITCHYARD_URL' : 'default';
  const url = values.url ?? (env.SWITCHYARD_URL || DEFAULT_SERVER_URL);
  const tokenSource: TokenSource = values.token !== undefined ? '--token' : 'SWITCHYARD_TOKEN';
  const token = (values.token ?? env.SWITCHYARD_TOKEN ?? '').trim();
  if (token === '') {
    throw new CliUsageError(
      values.token !== undefined
        ? "option '--token' needs a non-empty admin token"
        : 'no admin token: set SWITCHYARD_TOKEN (or pass --token TOKEN)',
      command,
    );
  }
  // Checked here: fetch would refuse such a header value with a message that does not say where it came from.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new CliUsageError(
      `the admin token in ${describeSource(tokenSource)} contains spaces or characters a token never has`,
      command,
    );
  }
  return { url: baseUrlOf(url, describeSource(urlSource), command), token, urlSource, tokenSource };
}

/** How a message names where a value came from: `option '--url'`, `SWITCHYARD_URL`. */
function describeSource(source: UrlSource | TokenSource): string {
  return source.startsWith('--') ? `option '${source}'` : source;
}

/**
 * The server's root as given, without a trailing `/` or `/api/v1` (so both the root and the API URL
 * work); a path prefix of a reverse proxy is kept.
 */
function baseUrlOf(text: string, source: string, command: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new CliUsageError(
      `${source} must be an http(s) URL such as ${DEFAULT_SERVER_URL}, got '${text}'`,
      command,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliUsageError(`${source} must be an http(s) URL, got '${text}'`, command);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // Not echoed: the URL holds a secret. The admin token travels as --token or SWITCHYARD_TOKEN.
    throw new CliUsageError(`${source} must not contain a user name or password`, command);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new CliUsageError(`${source} must not have a query or fragment, got '${text}'`, command);
  }
  return parsed.href.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}
