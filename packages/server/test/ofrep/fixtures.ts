import type { FlagSetDocument } from '@switchyard/core';

/** One flag per OFREP outcome the endpoint must render. */
export const ofrepFixture = {
  metadata: { owner: 'payments' },
  flags: {
    'bool-flag': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'on',
      metadata: { team: 'checkout', tier: 2 },
    },
    'zero-flag': { state: 'ENABLED', variants: { zero: 0, one: 1 }, defaultVariant: 'zero' },
    'false-flag': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    targeted: {
      state: 'ENABLED',
      variants: { red: 'red', blue: 'blue' },
      defaultVariant: 'red',
      targeting: { if: [{ '==': [{ var: 'email' }, 'ada@example.com'] }, 'blue', null] },
    },
    'disabled-flag': { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
    'no-default': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: null,
    },
    'missing-variant': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'on',
      targeting: { if: [true, 'nope', null] },
    },
    'broken-targeting': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'on',
      targeting: { invalid: [1] },
    },
  },
} as unknown as FlagSetDocument;

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
): Promise<{ status: number; headers: Headers; text: string; json: () => any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}
