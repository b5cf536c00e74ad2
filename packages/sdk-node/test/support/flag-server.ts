import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@switchyard/server';
import { type ReportReceiver, startReportReceiver } from './report-receiver.js';
import { tempDir } from './temp-dir.js';

export interface FlagServer {
  /** Where the provider points: the report receiver, which passes the sync through to Switchyard. */
  url: string;
  receiver: ReportReceiver;
  close(): Promise<void>;
}

/** A real Switchyard server in file mode serving `flags`, behind a receiver that records reports. */
export async function startFlagServer(flags: Record<string, unknown>): Promise<FlagServer> {
  const dir = tempDir();
  const file = join(dir.path, 'flags.json');
  writeFileSync(file, JSON.stringify({ flags }));
  const server: RunningServer = await startServer({
    flagFiles: [file],
    port: 0,
    host: '127.0.0.1',
    logger: false,
  });
  const receiver = await startReportReceiver(server.url);
  return {
    url: receiver.url,
    receiver,
    async close() {
      await receiver.close();
      await server.close();
      dir.remove();
    },
  };
}

/** A flag whose variant targeting picks from the targeting key's prefix: "on-…" → on, else off. */
export const byPrefix = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  targeting: { if: [{ starts_with: [{ var: 'targetingKey' }, 'on-'] }, 'on', 'off'] },
};

/** A flag without targeting: everyone gets its default variant (STATIC). */
export const everyone = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' };

/** A 50/50 `fractional` split on the targeting key. */
export const split = {
  state: 'ENABLED',
  variants: { control: 'control', treatment: 'treatment' },
  defaultVariant: 'control',
  targeting: {
    fractional: [
      ['control', 50],
      ['treatment', 50],
    ],
  },
};

/** A flag whose targeting chooses nothing for keys not starting with "vip-" (DEFAULT). */
export const vipOnly = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  targeting: { if: [{ starts_with: [{ var: 'targetingKey' }, 'vip-'] }, 'on', null] },
};
