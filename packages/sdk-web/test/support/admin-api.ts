export interface ApiAnswer {
  status: number;
  /** The parsed JSON answer (undefined when empty, the text when not JSON). */
  body: Record<string, unknown> | undefined;
  text: string;
}

/** The admin API of a running server, as an operator's script would call it. */
export function adminApi(baseUrl: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {}
    return { status: response.status, body: parsed as ApiAnswer['body'], text };
  };
}
