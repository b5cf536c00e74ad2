/**
 * Runs `work` on each item of `queue` with at most `limit` running at once. `work` may append to
 * `queue` (a directory walk adds the directories it finds); the first failure rejects.
 */
export function forEachBounded<T>(
  queue: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let active = 0;
    let failed = false;
    const pump = () => {
      if (failed) return;
      if (next >= queue.length && active === 0) {
        resolve();
        return;
      }
      while (active < limit && next < queue.length) {
        const item = queue[next++]!;
        active++;
        work(item).then(
          () => {
            active--;
            pump();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    pump();
  });
}
