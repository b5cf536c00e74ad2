/** Reads one number from Prometheus' HTTP API (`/api/v1/query`), or undefined when it has none. */
export interface PrometheusClient {
  value(query: string): Promise<number | undefined>;
}

export interface PrometheusClientOptions {
  /** e.g. http://127.0.0.1:9090 */
  url: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  onError?: (query: string, error: unknown) => void;
}

/**
 * Instant queries. A vector answers its first sample, a scalar its value; no sample, NaN or an
 * error answers undefined: a guardrail without data holds its step, it never passes it.
 */
export function prometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const fetchImpl = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  return {
    async value(query) {
      try {
        const response = await fetchImpl(`${base}/api/v1/query?query=${encodeURIComponent(query)}`, {
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        if (!response.ok) throw new Error(`Prometheus answered ${response.status}: ${await response.text()}`);
        const body = (await response.json()) as {
          status: string;
          data?: { resultType: string; result: unknown };
        };
        if (body.status !== 'success' || !body.data)
          throw new Error(`Prometheus answered ${JSON.stringify(body)}`);
        const { resultType, result } = body.data;
        let text: unknown;
        if (resultType === 'scalar') text = (result as [number, string])[1];
        else if (resultType === 'vector') text = (result as { value: [number, string] }[])[0]?.value[1];
        const value = typeof text === 'string' ? Number(text) : Number.NaN;
        return Number.isFinite(value) ? value : undefined;
      } catch (error) {
        options.onError?.(query, error);
        return undefined;
      }
    },
  };
}

/** A string as a PromQL string literal's content (inside double quotes). */
function promqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Fills a guardrail query's `{{flag}}`, `{{variant}}`, `{{environment}}` and `{{project}}` placeholders. */
export function fillPlaceholders(
  query: string,
  values: Record<'flag' | 'variant' | 'environment' | 'project', string>,
): string {
  return query.replace(/\{\{\s*(flag|variant|environment|project)\s*\}\}/g, (_, name: keyof typeof values) =>
    promqlString(values[name]),
  );
}
