import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./replica-process.js', import.meta.url));

/** Forks one replica; resolves once it listens. */
export async function startReplica(serverOptions) {
  const child = fork(entry, [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, SY_SOAK_SERVER: JSON.stringify(serverOptions) },
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
      const onExit = (code) => reject(new Error(`replica ${child.pid} exited (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { url } = await next('listening');
  return {
    url,
    pid: child.pid,
    /** RSS (kernel's view), live heap after a full collection, and open file descriptors. */
    async sample() {
      const { heapUsed } = await next_('heap');
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const rssKiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
      return { rss: rssKiB * 1024, heap: heapUsed, fds: readdirSync(`/proc/${child.pid}/fd`).length };
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  function next_(type) {
    const reply = next(type);
    child.send({ type });
    return reply;
  }
}
