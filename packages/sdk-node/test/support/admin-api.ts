export const ADMIN_TOKEN = 'sy_admin_sdk-node-tests-0123456789abcdef';

export interface AdminAnswer<T = unknown> {
  status: number;
  body: T;
}

/** The admin API of a running server, as a test drives it. */
export class AdminApi {
  constructor(
    readonly baseUrl: string,
    readonly token: string = ADMIN_TOKEN,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<AdminAnswer<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** Like request, but any non-2xx answer fails the test with the server's explanation. */
  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, body);
    if (answer.status >= 300) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  /** A new SDK key of `default/<env>`; the raw key. */
  async sdkKey(env = 'production', kind: 'server' | 'client' = 'server'): Promise<string> {
    return (await this.createSdkKey(env, kind)).key;
  }

  /** A new SDK key of `default/<env>`: its id (to revoke it) and the raw key. */
  async createSdkKey(
    env = 'production',
    kind: 'server' | 'client' = 'server',
  ): Promise<{ id: string; key: string }> {
    const body = await this.ok<{ id?: unknown; key?: unknown }>(
      'POST',
      `/projects/default/environments/${env}/sdk-keys`,
      {
        name: `test-${kind}`,
        kind,
      },
    );
    if (typeof body.key !== 'string' || typeof body.id !== 'string')
      throw new Error(`no key in ${JSON.stringify(body)}`);
    return { id: body.id, key: body.key };
  }

  /** Creates a boolean flag in project `default` (disabled everywhere until configured). */
  async createBooleanFlag(key: string): Promise<void> {
    await this.ok('POST', '/projects/default/flags', {
      key,
      variants: { on: true, off: false },
      defaultVariant: 'off',
    });
  }

  /** Sets a flag's configuration in one environment. */
  async configure(
    key: string,
    config: { state?: 'ENABLED' | 'DISABLED'; defaultVariant?: string; targeting?: unknown },
    env = 'production',
  ): Promise<void> {
    await this.ok('PUT', `/projects/default/environments/${env}/flags/${key}`, {
      state: 'ENABLED',
      ...config,
    });
  }
}
