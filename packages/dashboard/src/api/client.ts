import { errorFromResponse } from './api-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The admin API on the dashboard's own origin. The session cookie authenticates (the token itself
 * never reaches script storage); writes carry the session's CSRF token, kept in memory only.
 */
export class ApiClient {
  #csrfToken: string | null = null;
  #pending = 0;

  constructor(private readonly base = '/api/v1') {}

  setCsrfToken(token: string | null): void {
    this.#csrfToken = token;
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const all: Record<string, string> = { accept: 'application/json', ...headers };
    if (body !== undefined) all['content-type'] = 'application/json';
    if (!SAFE_METHODS.has(method) && this.#csrfToken) all['x-csrf-token'] = this.#csrfToken;
    this.#track(1);
    try {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers: all,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw await errorFromResponse(response);
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text === '' ? undefined : JSON.parse(text)) as T;
    } finally {
      this.#track(-1);
    }
  }

  /** Requests under way, on <html data-api-pending>: tests and the benchmark wait for 0. */
  #track(delta: number): void {
    this.#pending += delta;
    if (typeof document !== 'undefined') document.documentElement.dataset.apiPending = String(this.#pending);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}

export const api = new ApiClient();

/** Encodes each path segment, so keys with dots or odd characters stay one segment. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]!) : ''),
    '',
  );
}
