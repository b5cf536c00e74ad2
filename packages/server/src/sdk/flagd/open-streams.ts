import { Code, ConnectError } from '@connectrpc/connect';
import type { EnvironmentRef } from '../../flag-sets/flag-set-registry.js';
import type { Metrics, StreamKind } from '../../metrics/metrics.js';

/** A stream's feed, as far as ending it goes. */
interface Endable {
  end(error?: unknown): void;
}

interface OpenStream {
  keyId: string;
  env: EnvironmentRef;
  kind: StreamKind;
}

export interface Revocations {
  onRevoked(listener: (keyIds: ReadonlySet<string>) => void): () => void;
}

/**
 * Every open flagd stream (SyncFlags, EventStream), so that a revoked key's streams end the moment it is
 * revoked and a shutting-down server ends them all with a status that tells providers to reconnect.
 */
export class OpenStreams {
  readonly #streams = new Map<Endable, OpenStream>();
  readonly #metrics: Metrics;
  readonly #stopListening: (() => void) | undefined;

  constructor(metrics: Metrics, revocations: Revocations | null) {
    this.#metrics = metrics;
    this.#stopListening = revocations?.onRevoked((keyIds) => {
      for (const [feed, stream] of [...this.#streams]) {
        if (keyIds.has(stream.keyId)) {
          feed.end(new ConnectError('the SDK key was revoked', Code.Unauthenticated));
        }
      }
    });
  }

  /** Counts the stream as open until the returned function is called. */
  add(feed: Endable, stream: OpenStream): () => void {
    this.#streams.set(feed, stream);
    this.#metrics.streamOpened(stream.env, stream.kind);
    return () => {
      if (this.#streams.delete(feed)) this.#metrics.streamClosed(stream.env, stream.kind);
    };
  }

  /** Shutdown: every stream ends with UNAVAILABLE, which flagd providers retry (against another replica). */
  closeAll(): void {
    this.#stopListening?.();
    for (const feed of [...this.#streams.keys()]) {
      feed.end(new ConnectError('the server is shutting down', Code.Unavailable));
    }
  }
}
