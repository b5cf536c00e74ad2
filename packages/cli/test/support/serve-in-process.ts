import { EventEmitter } from 'node:events';
import { serveCommand } from '../../src/commands/serve.js';

/** A text sink that keeps what was written. */
export function capture() {
  let text = '';
  return {
    sink: {
      write(chunk: string) {
        text += chunk;
        return true;
      },
    },
    get text() {
      return text;
    },
  };
}

/**
 * Runs `switchyard serve ARGS` in-process (relative paths against `cwd`) until it prints its URL;
 * `stop()` sends SIGTERM and returns the exit code.
 */
export async function serveInProcess(args: string[], cwd: string, env: Record<string, string> = {}) {
  const stdout = capture();
  const stderr = capture();
  const signals = new EventEmitter();
  const io = {
    stdout: stdout.sink,
    stderr: stderr.sink,
    cwd,
    env: { SWITCHYARD_LOG_LEVEL: 'silent', ...env },
  };
  const exit = serveCommand(args, io, signals as never);
  const started = Date.now();
  while (!/listening on (\S+)/.test(stdout.text)) {
    const early = await Promise.race([
      exit.then((code) => ({ code })),
      new Promise((r) => setTimeout(r, 20)),
    ]);
    if (early && typeof early === 'object' && 'code' in early)
      throw new Error(`serve exited: ${stderr.text}`);
    if (Date.now() - started > 20_000) throw new Error('serve did not start');
  }
  const url = /listening on (\S+)/.exec(stdout.text)![1]!;
  return {
    url,
    stdout,
    async stop() {
      signals.emit('SIGTERM');
      return exit;
    },
  };
}
