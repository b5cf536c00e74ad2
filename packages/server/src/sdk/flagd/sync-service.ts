import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import type { FlagSetRegistry } from '../../flag-sets/flag-set-registry.js';
import type { FlagdAccess } from './flagd-access.js';
import type { OpenStreams } from './open-streams.js';
import type { FlagSyncService } from './schema/sync-v1.js';
import { StreamFeed } from './stream-feed.js';

export interface SyncServiceDeps {
  access: FlagdAccess;
  registry: FlagSetRegistry;
  streams: OpenStreams;
}

/**
 * `flagd.sync.v1.FlagSyncService`: the environment's flagd document for in-process providers and for
 * flagd (`--uri grpc://…`), whole on connect and again after every publish, as flagd's own sync service
 * sends it. Server keys only: the document holds the targeting rules.
 */
export function flagSyncService(deps: SyncServiceDeps): ServiceImpl<typeof FlagSyncService> {
  return {
    async *syncFlags(request, context) {
      const grant = deps.access.authorize(context.requestHeader, {
        requireServerKey: true,
        bodySelector: request.selector,
      });
      const environmentId = grant.principal.environmentId;
      // Only the newest document matters: one still waiting for a slow client is replaced, never queued.
      const feed = new StreamFeed<string>({
        coalesce: (_waiting, next) => next,
        maxWaiting: 1,
        overflowError: () => new ConnectError('client too slow', Code.ResourceExhausted),
      });
      feed.push((deps.registry.get(environmentId) ?? grant.published).documentJson);
      // Subscribing right after reading the current document, synchronously: no publish falls in between.
      const unsubscribe = deps.registry.subscribe(
        environmentId,
        (_change, published) => feed.push(published.documentJson),
        () => feed.end(new ConnectError("the key's environment was deleted", Code.Unauthenticated)),
      );
      const close = deps.streams.add(feed, {
        keyId: grant.principal.keyId,
        env: grant.published.env,
        kind: 'flagd-sync',
      });
      try {
        for await (const flagConfiguration of feed.drain(context.signal)) {
          // No static context: Switchyard adds nothing to what the SDK's evaluation context holds.
          yield { flagConfiguration, syncContext: {} };
        }
      } finally {
        unsubscribe();
        close();
      }
    },

    fetchAllFlags(request, context) {
      const grant = deps.access.authorize(context.requestHeader, {
        requireServerKey: true,
        bodySelector: request.selector,
      });
      return { flagConfiguration: grant.published.documentJson };
    },

    /** Deprecated by flagd in favour of `sync_context`, still called by the Java and Python providers. */
    getMetadata(_request, context) {
      deps.access.authorize(context.requestHeader, { requireServerKey: true });
      return { metadata: {} };
    },
  };
}
