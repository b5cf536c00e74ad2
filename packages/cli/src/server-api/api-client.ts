import { CliChangeHeldError, CliConnectionError } from '../errors.js';
import { addressFrom, serverErrorOf, unreachableError } from './api-errors.js';
import { changeReasonHeader } from './change-reason-header.js';
import type { ServerConnection } from './server-connection.js';

/** How long a request may take before the CLI gives up on the server. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ApiClientOptions {
  readonly timeoutMs?: number;
}

export interface PostOptions {
  /** Recorded in the audit trail as the change's reason (the X-Change-Reason header). */
  readonly changeReason?: string | undefined;
  /**
   * Resolve a 202 (held for approval) with its `{ changeRequest }` answer instead of failing with
   * CliChangeHeldError: for callers that report change requests themselves (`apply`).
   */
  readonly acceptHeld?: boolean;
}

/** The X-Change-Reason header of a write that gives a reason. */
function reasonHeaders(options: PostOptions): Record<string, string> {
  return options.changeReason === undefined
    ? {}
    : { 'x-change-reason': changeReasonHeader(options.changeReason) };
}

/**
 * JSON over HTTP to the admin API (`<url>/api/v1`). Every failure becomes a CLI error: the server's
 * error body (message, then one line per issue), or why the server could not be reached.
 */
export class ApiClient {
  readonly #connection: ServerConnection;
  readonly #timeoutMs: number;

  constructor(connection: ServerConnection, options: ApiClientOptions = {}) {
    this.#connection = connection;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  get<T>(path: string): Promise<T> {
    return this.#send<T>('GET', path, undefined, {});
  }

  post<T>(path: string, body: unknown, options: PostOptions = {}): Promise<T> {
    const headers = { 'content-type': 'application/json', ...reasonHeaders(options) };
    return this.#send<T>('POST', path, JSON.stringify(body), headers, options.acceptHeld === true);
  }

  /** DELETE; resolves with the parsed answer, or undefined for an empty one (204). */
  delete<T = undefined>(path: string, options: PostOptions = {}): Promise<T> {
    return this.#send<T>('DELETE', path, undefined, reasonHeaders(options));
  }

  async #send<T>(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    acceptHeld = false,
  ) {
    const { url, token } = this.#connection;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: { ...headers, accept: 'application/json', authorization: `Bearer ${token}` },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw unreachableError(error, this.#connection, this.#timeoutMs);
    }
    if (!response.ok) throw serverErrorOf(response, text, this.#connection);
    if (response.status === 204) return undefined as T;
    try {
      const answer = JSON.parse(text) as T;
      if (response.status === 202 && !acceptHeld) heldChange(answer);
      return answer;
    } catch (error) {
      if (error instanceof CliChangeHeldError) throw error;
      throw new CliConnectionError(
        `the server at ${url} answered ${method} /api/v1${path} with a body that is not JSON`,
        [`Is ${url} ${addressFrom(this.#connection)} a Switchyard server?`],
      );
    }
  }
}

/** `/projects/my%20project/…`: each segment encoded, so keys are never read as paths. */
export function apiPath(...segments: readonly string[]): string {
  return segments.map((segment) => `/${encodeURIComponent(segment)}`).join('');
}

/** A write held for approval answers 202 with the change request that holds it. */
function heldChange(answer: unknown): void {
  const request = (answer as { changeRequest?: { id?: unknown; environments?: unknown } } | null)
    ?.changeRequest;
  if (typeof request?.id !== 'string') return;
  const environments = Array.isArray(request.environments) ? request.environments.map(String) : [];
  throw new CliChangeHeldError(request.id, environments);
}
