/** Waits for `work`, but no longer than until `signal` aborts (the work itself goes on). */
export async function untilAborted(work: Promise<unknown> | undefined, signal: AbortSignal): Promise<void> {
  if (work === undefined || signal.aborted) return;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work.then(noop, noop), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function noop(): void {}
