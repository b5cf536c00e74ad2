import {
  type EventDetails,
  OpenFeature,
  OpenFeatureEventEmitter,
  ProviderEvents,
  ProviderStatus,
} from '@openfeature/server-sdk';
import { afterEach, describe, expect, test } from 'vitest';
import { EventHandlers } from '../../src/provider/event-handlers.js';

// The provider's own emitter must deliver events as OpenFeature's does: the same handlers, in the
// same order, with the same details, the same effect of adding and removing handlers mid-event,
// and errors logged instead of thrown. Each scenario runs on both and compares what was seen.

type Emitter = EventHandlers | OpenFeatureEventEmitter;

function logger(errors: unknown[][]) {
  const none = () => {};
  return { error: (...args: unknown[]) => errors.push(args), warn: none, info: none, debug: none };
}

function scenario(emitter: Emitter): string[] {
  const seen: string[] = [];
  const first = (d?: EventDetails) => seen.push(`first ${JSON.stringify(d)}`);
  const second = () => {
    seen.push('second');
    // Added during the event: runs from the next event on.
    emitter.addHandler(ProviderEvents.ConfigurationChanged, third);
    emitter.removeHandler(ProviderEvents.ConfigurationChanged, second);
  };
  const third = () => seen.push('third');
  emitter.addHandler(ProviderEvents.ConfigurationChanged, first);
  emitter.addHandler(ProviderEvents.ConfigurationChanged, second);
  emitter.addHandler(ProviderEvents.Ready, () => seen.push('ready'));
  emitter.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: ['a'] });
  emitter.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: ['b'] });
  emitter.emit(ProviderEvents.Ready);
  emitter.emit(ProviderEvents.Stale);
  seen.push(`handlers ${emitter.getHandlers(ProviderEvents.ConfigurationChanged).length}`);
  emitter.removeAllHandlers(ProviderEvents.Ready);
  emitter.emit(ProviderEvents.Ready);
  emitter.removeAllHandlers();
  emitter.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: ['c'] });
  return seen;
}

test('handlers see what OpenFeature emitter handlers see, in the same order', () => {
  const ours = scenario(new EventHandlers(logger([])));
  expect(ours).toEqual(scenario(new OpenFeatureEventEmitter()));
  expect(ours).toContain('third');
  expect(ours).toContain('handlers 2');
});

test('a handler that throws or rejects is logged, and the others still run', async () => {
  const errors: unknown[][] = [];
  const events = new EventHandlers(logger(errors));
  const seen: string[] = [];
  events.addHandler(ProviderEvents.Error, () => {
    throw new Error('thrown');
  });
  events.addHandler(ProviderEvents.Error, async () => {
    throw new Error('rejected');
  });
  events.addHandler(ProviderEvents.Error, () => seen.push('after'));
  expect(() => events.emit(ProviderEvents.Error, { message: 'x' })).not.toThrow();
  expect(seen).toEqual(['after']);
  await new Promise((resolve) => setImmediate(resolve));
  expect(errors.map((args) => (args[1] as Error).message)).toEqual(['thrown', 'rejected']);
  // setLogger replaces where errors go.
  const later: unknown[][] = [];
  events.setLogger(logger(later));
  events.emit(ProviderEvents.Error);
  await new Promise((resolve) => setImmediate(resolve));
  expect(later).toHaveLength(2);
});

test('removing a handler added twice removes one registration', () => {
  const events = new EventHandlers(logger([]));
  let calls = 0;
  const handler = () => {
    calls++;
  };
  events.addHandler(ProviderEvents.Stale, handler);
  events.addHandler(ProviderEvents.Stale, handler);
  events.removeHandler(ProviderEvents.Stale, handler);
  events.emit(ProviderEvents.Stale);
  expect(calls).toBe(1);
  events.removeHandler(ProviderEvents.Stale, handler);
  events.emit(ProviderEvents.Stale);
  expect(calls).toBe(1);
});

describe('behind the OpenFeature SDK', () => {
  afterEach(async () => {
    await OpenFeature.close();
  });

  test('the SDK tracks the provider status and passes configuration changes to client handlers', async () => {
    const events = new EventHandlers(logger([]));
    const provider = {
      metadata: { name: 'events-test' },
      runsOn: 'server' as const,
      events,
      resolveBooleanEvaluation: async () => ({ value: true }),
      resolveStringEvaluation: async () => ({ value: '' }),
      resolveNumberEvaluation: async () => ({ value: 0 }),
      resolveObjectEvaluation: async <T>() => ({ value: {} as T }),
    };
    await OpenFeature.setProviderAndWait('events-test', provider);
    const client = OpenFeature.getClient('events-test');
    const changed: string[][] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      changed.push(details?.flagsChanged ?? []);
    });
    events.emit(ProviderEvents.Stale, { message: 'lost the server' });
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    events.emit(ProviderEvents.Ready);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: ['a', 'b'] });
    await new Promise((resolve) => setImmediate(resolve));
    expect(changed).toEqual([['a', 'b']]);
  });
});
