import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./server-process.js', import.meta.url));

/**
 * Forks `entry` (a server process) with `--expose-gc` and an IPC channel, `env` added to its
 * environment; resolves once it reports `listening`. `ask(type)` sends a message and resolves with
 * the child's answer of that type; the child exiting first rejects it.
 */
export async function forkServerProcess(entry, env, label) {
  const child = fork(entry, [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message?.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code) => reject(new Error(`${label} ${child.pid} exited (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { url } = await next('listening');
  return {
    url,
    pid: child.pid,
    ask(type) {
      const reply = next(type);
      child.send({ type });
      return reply;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Forks the benchmarks' server; resolves once it listens. */
export async function startServerChild(serverOptions) {
  const server = await forkServerProcess(
    entry,
    { SY_BENCH_SERVER: JSON.stringify(serverOptions) },
    'the server process',
  );
  return {
    url: server.url,
    pid: server.pid,
    /** The server's memory after a full collection. */
    memory: () => server.ask('memory'),
    /** The server process's CPU time (user + system) so far, in ms. */
    cpuMs: async () => (await server.ask('cpu')).ms,
    /** Writes a heap snapshot after a full collection; resolves with its path. */
    snapshot: () => server.ask('snapshot'),
    close: () => server.close(),
  };
}
