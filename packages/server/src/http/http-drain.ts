import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The HTTP/1 side of a graceful shutdown. Once draining, /readyz fails (load balancers stop sending
 * traffic here) and every response still to be sent carries `Connection: close`, so keep-alive clients
 * open their next connection elsewhere instead of reusing one to a replica about to go.
 */
export class HttpDrain {
  /** Each open socket's responses not yet closed; null: a stream took the socket (handOver). */
  readonly #inFlight = new Map<Socket, Set<ServerResponse> | null>();
  #draining = false;
  // Two listeners shared by every socket and response (`this` is the emitter): a closure and a
  // once-wrapper per request would be garbage on every request and live as long as a stream.
  readonly #onSocketClose: (this: Socket) => void;
  readonly #onResponseClose: (this: ServerResponse) => void;

  constructor() {
    const drain = this;
    this.#onSocketClose = function (this: Socket) {
      drain.#inFlight.delete(this);
    };
    this.#onResponseClose = function (this: ServerResponse) {
      drain.#responseClosed(this);
    };
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** A request listener that only watches (returns false: the request goes on to the real handlers). */
  readonly watch = (request: IncomingMessage, response: ServerResponse): false => {
    const socket = request.socket;
    let responses = this.#inFlight.get(socket);
    if (!responses) {
      // (null: never, as a socket a stream took no longer parses requests.)
      if (responses === undefined) socket.on('close', this.#onSocketClose);
      responses = new Set();
      this.#inFlight.set(socket, responses);
    }
    responses.add(response);
    if (this.#draining) response.shouldKeepAlive = false;
    response.on('close', this.#onResponseClose);
    return false;
  };

  /**
   * A stream has taken the response's socket from the HTTP server (it ends itself at shutdown):
   * the response is forgotten (nothing keeps it for the stream's life), its socket is still cut
   * when the grace period is over.
   */
  handOver(response: ServerResponse): void {
    response.removeListener('close', this.#onResponseClose);
    const socket = response.req.socket;
    if (this.#inFlight.has(socket)) this.#inFlight.set(socket, null);
  }

  #responseClosed(response: ServerResponse): void {
    // The response lets go of its socket when it finishes; its request keeps it.
    const socket = response.req.socket;
    const responses = this.#inFlight.get(socket);
    if (!responses) return;
    responses.delete(response);
    // A response whose headers left before the drain began kept its connection: end it now.
    if (this.#draining && responses.size === 0) socket.end();
  }

  start(): void {
    this.#draining = true;
    for (const responses of this.#inFlight.values()) {
      for (const response of responses ?? []) if (!response.headersSent) response.shouldKeepAlive = false;
    }
  }

  /** The grace period is over: whatever is still open goes. */
  destroyAll(): void {
    for (const socket of this.#inFlight.keys()) socket.destroy();
  }
}
