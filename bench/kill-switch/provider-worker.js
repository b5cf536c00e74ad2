// One share of the provider fleet, in its own process so that the fleet uses every core. Forked by
// provider-fleet.js; connects its providers, then, for each round it is told to arm, reports when
// each provider served the expected value, as wall-clock milliseconds (performance.timeOrigin +
// performance.now()) so that the parent can compare them with its own clock.
import { createPropagationProbe } from '../sdk-propagation/propagation.js';

const { url, sdkKey, count, concurrency, flag, context } = JSON.parse(process.env.SY_BENCH_WORKER ?? '{}');
const quietLogger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
const { SwitchyardProvider } = await import('@switchyard/sdk-node');

const providers = [];
try {
  for (let i = 0; i < count; i += concurrency) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + concurrency); j++) {
      const provider = new SwitchyardProvider({ url, sdkKey, logger: quietLogger });
      providers.push(provider);
      batch.push(provider.initialize());
    }
    await Promise.all(batch);
  }
} catch (error) {
  process.send?.({ type: 'failed', message: `connecting providers: ${error.message}` });
  process.exit(1);
}
const probe = createPropagationProbe(providers, flag, context);

process.on('message', async (message) => {
  if (message?.type === 'arm') {
    // measure() arms the round before calling the write, so no change can slip past unseen.
    const round = probe.measure(message.expected, async () => {}, message.timeoutMs);
    const cpu = process.cpuUsage();
    process.send?.({ type: 'armed', round: message.round });
    try {
      const { seen } = await round;
      const used = process.cpuUsage(cpu);
      process.send?.({
        type: 'seen',
        round: message.round,
        at: seen.map((t) => performance.timeOrigin + t),
        // This process's CPU time (user + system) from arming to its last provider serving the change.
        cpuMs: (used.user + used.system) / 1000,
      });
    } catch (error) {
      process.send?.({ type: 'missed', round: message.round, message: error.message });
    }
  } else if (message?.type === 'close') {
    await Promise.all(providers.map((provider) => provider.onClose()));
    process.exit(0);
  }
});
process.send?.({ type: 'connected', count: providers.length });
