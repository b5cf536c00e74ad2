import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { createContextKey, createContextValues, type HandlerContext } from '@connectrpc/connect';
import { requestSpanOf } from '../../tracing/request-tracing-hook.js';
import type { RequestSpan } from '../../tracing/server-tracing.js';
import type { FlagdGrant } from './flagd-access.js';

/** The connection a call came on: its HTTP/2 session, or its socket for HTTP/1.1. */
const connectionKey = createContextKey<object | undefined>(undefined, { description: 'client connection' });

/** The call's trace span, when tracing is on. */
export const requestSpanKey = createContextKey<RequestSpan | undefined>(undefined, {
  description: 'trace span',
});

/** Context values for connect-node: remembers each call's connection (and span). */
export function connectionContext(request: IncomingMessage | Http2ServerRequest) {
  const values = createContextValues();
  const connection = 'stream' in request ? request.stream.session : request.socket;
  return values.set(connectionKey, connection ?? undefined).set(requestSpanKey, requestSpanOf(request));
}

/**
 * Which keys each client connection has shown. The official JS flagd provider, in RPC mode, sends its
 * selector (and so an `sdk-key:` selector) with every evaluation but opens its EventStream without any
 * metadata, on the same HTTP/2 connection. Such a stream is bound to the environment of the first valid key
 * that connection shows; until then it carries nothing but readiness and keep-alives.
 */
export class ConnectionGrants {
  readonly #listeners = new WeakMap<object, Set<(grant: FlagdGrant) => void>>();
  readonly #maxWaiting: number;
  #waiting = 0;

  /** `maxWaiting`: how many streams may wait for a key at once (they cost a little memory each). */
  constructor(maxWaiting = 1000) {
    this.#maxWaiting = maxWaiting;
  }

  /** A call on `context`'s connection was authorized with `grant` (a key was shown and accepted). */
  granted(context: HandlerContext, grant: FlagdGrant): void {
    const connection = context.values.get(connectionKey);
    if (connection === undefined) return;
    const listeners = this.#listeners.get(connection);
    if (!listeners) return;
    this.#listeners.delete(connection);
    this.#waiting -= listeners.size;
    for (const listener of listeners) listener(grant);
  }

  /**
   * Calls `listener` once, for the next key the connection of `context` shows; returns the cancel, or
   * undefined when no more streams may wait (or the connection is unknown).
   */
  onNextGrant(context: HandlerContext, listener: (grant: FlagdGrant) => void): (() => void) | undefined {
    const connection = context.values.get(connectionKey);
    if (connection === undefined || this.#waiting >= this.#maxWaiting) return undefined;
    let listeners = this.#listeners.get(connection);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(connection, listeners);
    }
    const waiting = listeners;
    waiting.add(listener);
    this.#waiting++;
    return () => {
      if (waiting.delete(listener)) this.#waiting--;
    };
  }
}
