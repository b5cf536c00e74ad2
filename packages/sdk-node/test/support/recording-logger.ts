import type { Logger } from '@openfeature/server-sdk';

/** A logger that keeps what it is given, by level. */
export function recordingLogger(): Logger & { lines: Record<'error' | 'warn' | 'info' | 'debug', string[]> } {
  const lines = { error: [] as string[], warn: [] as string[], info: [] as string[], debug: [] as string[] };
  const keep =
    (level: keyof typeof lines) =>
    (...args: unknown[]) => {
      lines[level].push(args.map(String).join(' '));
    };
  return { lines, error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') };
}
