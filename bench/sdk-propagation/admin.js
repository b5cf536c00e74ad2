/** The few admin API calls the benchmark makes. */
export function adminClient(baseUrl, token) {
  async function call(method, path, body) {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }
  return {
    call,
    async createBooleanFlag(key) {
      await call('POST', '/projects/default/flags', {
        key,
        variants: { on: true, off: false },
        defaultVariant: 'off',
      });
    },
    async setDefaultVariant(key, variant) {
      await call('PUT', `/projects/default/environments/production/flags/${key}`, {
        state: 'ENABLED',
        defaultVariant: variant,
      });
    },
    async serverKey() {
      const created = await call('POST', '/projects/default/environments/production/sdk-keys', {
        name: 'bench',
        kind: 'server',
      });
      return created.key;
    },
    async streamClients() {
      const response = await fetch(`${baseUrl}/metrics`);
      const text = await response.text();
      return [...text.matchAll(/^switchyard_stream_clients\{[^}]*stream="sync"[^}]*\} (\d+)$/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
    },
  };
}
