/**
 * One change at a time: write it through the admin API, then wait until every provider serves
 * the new value. A provider's time is taken in its CONFIGURATION_CHANGED handler, after checking
 * that an evaluation (with `context`) really returns the new value.
 */
export function createPropagationProbe(providers, flagKey, context = {}) {
  let round;
  providers.forEach((provider, index) => {
    provider.events.addHandler('PROVIDER_CONFIGURATION_CHANGED', async () => {
      const current = round;
      if (!current || current.seen[index] !== undefined) return;
      const at = performance.now();
      const { value } = await provider.resolveBooleanEvaluation(flagKey, !current.expected, context);
      if (value !== current.expected || current.seen[index] !== undefined) return;
      current.seen[index] = at;
      if (++current.count === providers.length) current.done();
    });
  });

  return {
    /** Runs `write` and resolves with, per provider, the time it served `expected` (performance.now()). */
    async measure(expected, write, timeoutMs = 15_000) {
      let done;
      const all = new Promise((resolve) => {
        done = resolve;
      });
      round = { expected, seen: new Array(providers.length), count: 0, done };
      const sent = performance.now();
      await write();
      const answered = performance.now();
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => {
          // `seen` is sparse: count what was seen, not the holes (filter skips them).
          const missing = providers.length - round.count;
          reject(
            new Error(
              `${missing} of ${providers.length} providers still serve the old value after ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
      });
      try {
        await Promise.race([all, timeout]);
      } finally {
        clearTimeout(timer);
      }
      const seen = round.seen;
      round = undefined;
      return { sent, answered, seen };
    },
  };
}
