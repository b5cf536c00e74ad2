/**
 * The batches a fleet of SDKs would send for `units` users: each user exposed once (half to each
 * variant, by parity) and, for `trackShare` of them, a purchase with a value a minute later. Users
 * are interleaved across batches as real traffic is; bodies are built before timing starts.
 */
export function eventBodies({ units, trackShare, batchSize, flag, startedAt }) {
  const bodies = [];
  let events = 0;
  let batch = [];
  const flush = () => {
    bodies.push(JSON.stringify({ events: batch }));
    events += batch.length;
    batch = [];
  };
  const trackEvery = trackShare > 0 ? Math.round(1 / trackShare) : 0;
  for (let u = 0; u < units; u++) {
    const targetingKey = `user-${u}`;
    batch.push({
      kind: 'exposure',
      flag,
      variant: u % 2 === 0 ? 'off' : 'on',
      targetingKey,
      timestamp: startedAt,
    });
    if (trackEvery > 0 && u % trackEvery === 0) {
      batch.push({
        kind: 'track',
        name: 'purchase',
        targetingKey,
        value: 10 + (u % 50),
        timestamp: startedAt + 60_000,
      });
    }
    if (batch.length >= batchSize) flush();
  }
  if (batch.length > 0) flush();
  const tracked = trackEvery > 0 ? Math.ceil(units / trackEvery) : 0;
  return { bodies, events, tracked };
}
