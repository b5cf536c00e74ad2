import type { TestServer } from '../support/admin-client.js';

// biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers loosely
type Json = any;

export const finished = ['succeeded', 'failed', 'cancelled'];

/** Polls a schedule until its status is one of `statuses` (or the time is up), and answers it. */
export async function scheduleWhen(
  t: Pick<TestServer, 'api'>,
  id: string,
  statuses: string[] = finished,
  ms = 10_000,
): Promise<Json> {
  const started = Date.now();
  for (;;) {
    const answer = await t.api('GET', `/api/v1/schedules/${id}`);
    if (statuses.includes(answer.body.status) || Date.now() - started > ms) return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An instant `ms` from now, as the API takes it. */
export const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A command enabling (or changing) a flag's configuration in an environment of `default`. */
export function configCommand(
  flag: string,
  payload: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  environment = 'production',
) {
  return {
    action: 'flag-config.update',
    target: { project: 'default', environment, flag },
    payload,
    ...extra,
  };
}

/** The flagd document SDKs sync for the environment of `key`. */
export async function sdkFlagSet(t: TestServer, key: string): Promise<Json> {
  const response = await fetch(`${t.server.url}/sdk/v1/flagset`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return response.json();
}

/** The audit entries a schedule's run wrote. */
export async function entriesOfRun(t: Pick<TestServer, 'api'>, id: string): Promise<Json[]> {
  const { body } = await t.api('GET', '/api/v1/audit?limit=500');
  return body.entries.filter((entry: { requestId: string }) => entry.requestId === `schedule:${id}`);
}
