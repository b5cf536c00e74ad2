/** One problem the server named, with a JSON Pointer into the request or the flag set. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** A refused or failed request, with the server's code, message and issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message followed by each issue, for an alert a person reads. */
  describe(): string {
    if (this.issues.length === 0) return this.message;
    return `${this.message}: ${this.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`;
  }
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | undefined)
    ?.error;
  return new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? response.statusText ?? `request failed with status ${response.status}`,
    error?.issues ?? [],
  );
}
