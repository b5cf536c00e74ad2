import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { forkServerProcess } from '../sdk-propagation/server-child.js';

const entry = fileURLToPath(new URL('./replica-process.js', import.meta.url));

/** Forks one replica; resolves once it listens. */
export async function startReplica(serverOptions) {
  const replica = await forkServerProcess(
    entry,
    { SY_SOAK_SERVER: JSON.stringify(serverOptions) },
    'replica',
  );
  return {
    url: replica.url,
    pid: replica.pid,
    /** RSS (kernel's view), live heap after a full collection, and open file descriptors. */
    async sample() {
      const { heapUsed } = await replica.ask('heap');
      const status = readFileSync(`/proc/${replica.pid}/status`, 'utf8');
      const rssKiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
      return { rss: rssKiB * 1024, heap: heapUsed, fds: readdirSync(`/proc/${replica.pid}/fd`).length };
    },
    close: () => replica.close(),
  };
}
