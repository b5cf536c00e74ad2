import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import type { FlagSetRegistry, PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';
import type { FlagdAccess } from './flagd-access.js';
import type { OpenStreams } from './open-streams.js';
import type { FlagSyncService } from './schema/sync-v1.js';
import { documentForSelectorClients } from './scoped-document.js';
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
      const documentOf = (published: PublishedFlagSet) =>
        grant.keySource === 'selector' ? documentForSelectorClients(published) : published.documentJson;
      // Only the newest document matters: one still waiting for a slow client is replaced, never queued.
      const feed = new StreamFeed<string>({
        coalesce: (_waiting, next) => next,
        maxWaiting: 1,
        overflowError: () => new ConnectError('client too slow', Code.ResourceExhausted),
      });
      feed.push(documentOf(deps.registry.get(environmentId) ?? grant.published));
      // Subscribing right after reading the current document, synchronously: no publish falls in between.
      const unsubscribe = deps.registry.subscribe(
        environmentId,
        (_change, published) => feed.push(documentOf(published)),
        () => feed.end(new ConnectError("the key's environment was deleted", Code.Unauthenticated)),
      );
      const stream = deps.streams.add(feed, 'flagd-sync');
      stream.bind(grant.principal.keyId, grant.published.env);
      try {
        for await (const flagConfiguration of feed.drain(context.signal)) {
          // No static context: Switchyard adds nothing to what the SDK's evaluation context holds.
          yield { flagConfiguration, syncContext: {} };
        }
      } finally {
        unsubscribe();
        stream.close();
      }
    },

    fetchAllFlags(request, context) {
      const grant = deps.access.authorize(context.requestHeader, {
        requireServerKey: true,
        bodySelector: request.selector,
      });
      const flagConfiguration =
        grant.keySource === 'selector'
          ? documentForSelectorClients(grant.published)
          : grant.published.documentJson;
      return { flagConfiguration };
    },

    /** Deprecated by flagd in favour of `sync_context`, still called by the Java and Python providers. */
    getMetadata(_request, context) {
      deps.access.authorize(context.requestHeader, { requireServerKey: true });
      return { metadata: {} };
    },
  };
}
