import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./server-process.js', import.meta.url));

/** Forks the server with an IPC channel; resolves once it listens. */
export async function startServerChild(serverOptions) {
  const child = fork(entry, [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, SY_BENCH_SERVER: JSON.stringify(serverOptions) },
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
      const onExit = (code) => reject(new Error(`the server process exited (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { url } = await next('listening');
  return {
    url,
    pid: child.pid,
    /** The server's memory after a full collection. */
    async memory() {
      const reply = next('memory');
      child.send({ type: 'memory' });
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
