import { createHmac, randomUUID } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-switchyard-signature';

/** `sha256=<hex HMAC-SHA256 of the body with the secret>`: what a receiver recomputes to trust a digest. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DeliveryDeps {
  fetch: typeof fetch;
  /** Waits before retry n (1-based). */
  sleep: (ms: number) => Promise<void>;
  retryMs: number;
  attempts?: number;
  timeoutMs?: number;
}

/** A receiver's answer worth retrying: it may go better later. */
const retriable = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * POSTs a signed JSON body, retrying failures with doubling waits; one delivery id across attempts
 * lets the receiver drop duplicates. Resolves to null when delivered, else what went wrong.
 */
export async function deliverSigned(
  deps: DeliveryDeps,
  target: { url: string; secret: string; event: string },
  payload: unknown,
): Promise<string | null> {
  const body = JSON.stringify(payload);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'switchyard',
    'x-switchyard-event': target.event,
    'x-switchyard-delivery': randomUUID(),
    [SIGNATURE_HEADER]: signature(target.secret, body),
  };
  const attempts = deps.attempts ?? 3;
  let problem = 'not sent';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await deps.sleep(deps.retryMs * 2 ** (attempt - 2));
    try {
      const response = await deps.fetch(target.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      if (response.ok) return null;
      problem = `the receiver answered ${response.status} (attempt ${attempt} of ${attempts})`;
      if (!retriable(response.status)) return problem;
    } catch (error) {
      problem = `could not reach the receiver: ${(error as Error).message} (attempt ${attempt} of ${attempts})`;
    }
  }
  return problem;
}
