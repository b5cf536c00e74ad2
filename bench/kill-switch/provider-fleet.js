import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./provider-worker.js', import.meta.url));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const wallClock = () => performance.timeOrigin + performance.now();

function nextMessage(child, accept) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      const result = accept(message);
      if (result === undefined) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onExit = (code) => reject(new Error(`a provider process exited (code ${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * `providers` SwitchyardProviders split over `workers` child processes in equal shares, each
 * evaluating `flag` with `context`; `execArgv`: Node options of those processes. Resolves once every
 * provider is initialised.
 */
export async function startProviderFleet({
  url,
  sdkKey,
  providers,
  workers,
  concurrency,
  flag,
  context,
  execArgv = [],
}) {
  const children = [];
  for (let w = 0; w < workers; w++) {
    const count = Math.floor(providers / workers) + (w < providers % workers ? 1 : 0);
    const worker = {
      url,
      sdkKey,
      count,
      concurrency: Math.max(1, Math.ceil(concurrency / workers)),
      flag,
      context,
    };
    children.push(
      fork(entry, [], {
        env: { ...process.env, SY_BENCH_WORKER: JSON.stringify(worker) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv,
      }),
    );
  }
  try {
    await Promise.all(
      children.map((child) =>
        nextMessage(child, (m) =>
          m?.type === 'connected' ? m : m?.type === 'failed' ? new Error(m.message) : undefined,
        ),
      ),
    );
  } catch (error) {
    for (const child of children) child.kill();
    throw error;
  }
  let rounds = 0;
  return {
    pids: children.map((child) => child.pid),
    /**
     * Arms every provider to wait for `expected`, runs `trigger`, and resolves with the wall-clock
     * time each provider served `expected` (in every process), or rejects naming how many never did.
     */
    async measure(expected, trigger, timeoutMs = 15_000) {
      const round = ++rounds;
      const results = children.map((child) =>
        nextMessage(child, (m) =>
          m?.round !== round
            ? undefined
            : m.type === 'seen'
              ? m
              : m.type === 'missed'
                ? new Error(m.message)
                : undefined,
        ),
      );
      const armed = children.map((child) =>
        nextMessage(child, (m) => (m?.type === 'armed' && m.round === round ? true : undefined)),
      );
      // A failed trigger leaves the rounds armed: their outcome no longer matters, only their rejection.
      for (const pending of results) pending.catch(() => {});
      for (const child of children) child.send({ type: 'arm', round, expected, timeoutMs });
      await Promise.all(armed);
      const triggered = await trigger();
      const settled = await Promise.allSettled(results);
      const missed = settled.filter((s) => s.status === 'rejected').map((s) => s.reason.message);
      if (missed.length > 0) throw new Error(missed.join('; '));
      const reports = settled.map((s) => s.value);
      return {
        triggered,
        seen: reports.flatMap((r) => r.at),
        /** CPU time the provider processes spent on this change, in all. */
        cpuMs: reports.reduce((sum, r) => sum + r.cpuMs, 0),
      };
    },
    async close() {
      await Promise.all(
        children.map((child) => {
          if (child.exitCode !== null) return undefined;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.send({ type: 'close' });
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          return exited.then(() => clearTimeout(timer));
        }),
      );
    },
  };
}
