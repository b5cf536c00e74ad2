import { Code, ConnectError } from '@connectrpc/connect';
import type { EnvironmentRef } from '../../flag-sets/flag-set-registry.js';
import type { Metrics, StreamKind } from '../../metrics/metrics.js';

/** A stream's feed, as far as ending it goes. */
interface Endable {
  end(error?: unknown): void;
}

interface OpenStream {
  kind: StreamKind;
  /** Set once the stream serves an environment (an EventStream may wait for its connection's key). */
  keyId?: string;
  env?: EnvironmentRef;
}

export interface Revocations {
  onRevoked(listener: (keyIds: ReadonlySet<string>) => void): () => void;
}

export interface OpenStreamHandle {
  /** The stream now serves `env` for the key `keyId`: counted, and ended if that key is revoked. */
  bind(keyId: string, env: EnvironmentRef): void;
  close(): void;
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
        if (stream.keyId !== undefined && keyIds.has(stream.keyId)) {
          feed.end(new ConnectError('the SDK key was revoked', Code.Unauthenticated));
        }
      }
    });
  }

  add(feed: Endable, kind: StreamKind): OpenStreamHandle {
    const stream: OpenStream = { kind };
    this.#streams.set(feed, stream);
    return {
      bind: (keyId, env) => {
        if (stream.env !== undefined) return;
        stream.keyId = keyId;
        stream.env = env;
        this.#metrics.streamOpened(env, kind);
      },
      close: () => {
        if (this.#streams.delete(feed) && stream.env !== undefined)
          this.#metrics.streamClosed(stream.env, kind);
      },
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
