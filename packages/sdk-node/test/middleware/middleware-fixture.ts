import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFeature } from '@openfeature/server-sdk';
import { type RunningServer, startServer } from '@switchyard/server';
import { SwitchyardProvider } from '../../src/index.js';
import { silentLogger } from '../support/event-log.js';
import { tempDir } from '../support/temp-dir.js';

const when = (attribute: string, equals: string) => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  targeting: { if: [{ '==': [{ var: attribute }, equals] }, 'on', 'off'] },
});

/** One flag per context attribute, so a response shows which attributes the evaluation saw. */
export const FLAGS = {
  'new-checkout': when('plan', 'pro'),
  'for-user-42': when('targetingKey', 'user-42'),
  'for-acme': when('tenant', 'acme'),
  'for-nz': when('country', 'NZ'),
  'for-mobile': when('device', 'mobile'),
};

/** What a handler answers: every flag, evaluated with no context argument. */
export async function evaluateAll(): Promise<Record<string, boolean>> {
  const client = OpenFeature.getClient();
  const entries = await Promise.all(
    Object.keys(FLAGS).map(async (key) => [key, await client.getBooleanValue(key, false)] as const),
  );
  return Object.fromEntries(entries);
}

export const allOff = Object.fromEntries(Object.keys(FLAGS).map((key) => [key, false]));

/** A file-mode server with FLAGS and SwitchyardProvider as the default OpenFeature provider. */
export async function startFlagProvider(): Promise<{ close(): Promise<void> }> {
  const dir = tempDir();
  const file = join(dir.path, 'flags.json');
  writeFileSync(file, JSON.stringify({ flags: FLAGS }));
  const server: RunningServer = await startServer({
    flagFiles: [file],
    port: 0,
    host: '127.0.0.1',
    logger: false,
  });
  await OpenFeature.setProviderAndWait(new SwitchyardProvider({ url: server.url, logger: silentLogger }));
  return {
    async close() {
      await OpenFeature.close();
      await server.close();
      dir.remove();
    },
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
