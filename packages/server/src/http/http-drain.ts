import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The HTTP/1 side of a graceful shutdown. Once draining, /readyz fails (load balancers stop sending
 * traffic here) and every response still to be sent carries `Connection: close`, so keep-alive clients
 * open their next connection elsewhere instead of reusing one to a replica about to go.
 */
export class HttpDrain {
  /**
   * Each open socket's latest response (null: a stream took the socket, see handOver). One entry
   * per connection, updated per request: a listener per request would cost the hot path more than
   * the rest of a small OFREP answer's own work (bench/ofrep).
   */
  readonly #latest = new Map<Socket, ServerResponse | null>();
  #draining = false;
  // Shared by every socket (`this` is the socket): a closure per connection would live as long as it.
  readonly #onSocketClose: (this: Socket) => void;

  constructor() {
    const drain = this;
    this.#onSocketClose = function (this: Socket) {
      drain.#latest.delete(this);
    };
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** A request listener that only watches (returns false: the request goes on to the real handlers). */
  readonly watch = (request: IncomingMessage, response: ServerResponse): false => {
    const socket = request.socket;
    // (null: never, as a socket a stream took no longer parses requests.)
    if (!this.#latest.has(socket)) socket.on('close', this.#onSocketClose);
    this.#latest.set(socket, response);
    if (this.#draining) response.shouldKeepAlive = false;
    return false;
  };

  /**
   * A stream has taken the response's socket from the HTTP server (it ends itself at shutdown):
   * the response is forgotten (nothing keeps it for the stream's life), its socket is still cut
   * when the grace period is over.
   */
  handOver(response: ServerResponse): void {
    const socket = response.req.socket;
    if (this.#latest.has(socket)) this.#latest.set(socket, null);
  }

  start(): void {
    this.#draining = true;
    for (const [socket, response] of this.#latest) {
      // Finished: the connection is idle, and closing the server closes idle connections.
      if (response === null || response.writableFinished) continue;
      // The latest response on a connection is its last to be sent (pipelined ones are answered
      // in order), so closing after it loses none.
      if (!response.headersSent) response.shouldKeepAlive = false;
      // Its headers left before the drain began and kept the connection: end it once it is sent.
      else response.once('close', () => socket.end());
    }
  }

  /** The grace period is over: whatever is still open goes. */
  destroyAll(): void {
    for (const socket of this.#latest.keys()) socket.destroy();
  }
}
