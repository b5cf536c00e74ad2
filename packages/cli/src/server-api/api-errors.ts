import { CliConnectionError, CliServerError } from '../errors.js';
import { DEFAULT_SERVER_URL, type ServerConnection } from './server-connection.js';

interface Issue {
  readonly path: string;
  readonly message: string;
}

interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: readonly Issue[] };
}

/**
 * The server's error answer as a CLI error: its message and code, one line per issue
 * (`  /body/schedule/intervall: unknown field …`), and for 401 and 403 what to check.
 */
export function serverErrorOf(
  response: Response,
  text: string,
  connection: ServerConnection,
): CliServerError | CliConnectionError {
  const body = parseErrorBody(text);
  if (body === undefined) {
    return new CliConnectionError(
      `the server at ${connection.url} answered ${response.status} ${response.statusText} without a Switchyard error`,
      [`Is ${connection.url} ${addressFrom(connection)} the address of a Switchyard server?`],
    );
  }
  const { code, message } = body.error;
  const issues = body.error.issues ?? [];
  const lines = issues.map((issue) => `  ${issue.path || '/'}: ${issue.message}`);
  const hint = hintFor(response.status, connection);
  return new CliServerError(
    `${withoutIssueSummary(message, issues)} (${response.status} ${code})`,
    response.status,
    code,
    hint ? [...lines, hint] : lines,
  );
}

function parseErrorBody(text: string): ErrorBody | undefined {
  try {
    const body = JSON.parse(text) as Partial<ErrorBody> | null;
    const error = body?.error;
    if (typeof error?.code !== 'string' || typeof error.message !== 'string') return undefined;
    const issues = Array.isArray(error.issues)
      ? error.issues.filter((i): i is Issue => typeof i?.path === 'string' && typeof i.message === 'string')
      : [];
    return { error: { code: error.code, message: error.message, issues } };
  } catch {
    return undefined;
  }
}

/**
 * The server repeats its issues in the message ("invalid request: /body/x: …; /body/y: …"); they are
 * printed one per line below it, so the message keeps only what comes before them.
 */
function withoutIssueSummary(message: string, issues: readonly Issue[]): string {
  if (issues.length === 0) return message;
  const summary = issues.map((issue) => `${issue.path || '/'}: ${issue.message}`).join('; ');
  if (!message.endsWith(summary) || message.length === summary.length) return message;
  return message.slice(0, -summary.length).replace(/[:;,\s]+$/, '');
}

function hintFor(status: number, connection: ServerConnection): string | undefined {
  if (status === 401) {
    return `Check the admin token in ${connection.tokenSource}: the server at ${connection.url} does not accept it.`;
  }
  if (status === 403) {
    return `The admin token in ${connection.tokenSource} is valid here but may not do this: check its role, projects and grants.`;
  }
  return undefined;
}

/** `(from --url)`, `(from SWITCHYARD_URL)`, `(the default)`. */
export function addressFrom(connection: ServerConnection): string {
  return connection.urlSource === 'default' ? '(the default)' : `(from ${connection.urlSource})`;
}

/** What to check when nothing answered at the URL. */
function checkAddress(connection: ServerConnection): string {
  if (connection.urlSource === 'default') {
    return `Is the server running? Without --url or SWITCHYARD_URL, the CLI uses ${DEFAULT_SERVER_URL}.`;
  }
  return `Is the server running, and is ${connection.urlSource} its address?`;
}

/** Why the request got no answer, naming the URL it went to. */
export function unreachableError(
  error: unknown,
  connection: ServerConnection,
  timeoutMs: number,
): CliConnectionError {
  const where = `the Switchyard server at ${connection.url}`;
  const check = checkAddress(connection);
  if ((error as { name?: unknown }).name === 'TimeoutError') {
    return new CliConnectionError(`no answer from ${where} within ${timeoutMs / 1000}s`, [check]);
  }
  const code = systemErrorCode(error);
  const host = new URL(connection.url).host;
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `host '${new URL(connection.url).hostname}' not found`
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? `the connection to ${host} was closed before an answer`
          : deepestMessage(error);
  return new CliConnectionError(`cannot reach ${where}: ${reason}`, [check]);
}

/** fetch reports "fetch failed" with the system error as its cause (an AggregateError for several addresses). */
function systemErrorCode(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown; errors?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string') return current.code;
    if (Array.isArray(current.errors) && current.errors.length > 0) {
      current = current.errors[0] as typeof current;
      continue;
    }
    current = current.cause as typeof current;
  }
  return undefined;
}

function deepestMessage(error: unknown): string {
  let current = error as { message?: unknown; cause?: unknown } | undefined;
  let message = String(error);
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.message === 'string' && current.message !== '') message = current.message;
    current = current.cause as typeof current;
  }
  return message;
}
