import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type HeartbeatTarget, heartbeatGroup } from './sse-heartbeat.js';
import { takeStreamSocket } from './stream-socket.js';

export interface SseEvent {
  event?: string;
  id?: string | number;
  /** One line of text (JSON.stringify output never contains a raw line break). */
  data: string;
}

export interface SseConnectionOptions {
  heartbeatMs: number;
  /** A client that stops reading is dropped once this much output is queued; it reconnects and resumes. */
  maxBufferedBytes: number;
  extraHeaders?: Record<string, string>;
  /**
   * Called when the stream takes its socket from the response (see takeStreamSocket): whatever
   * tracks the response for a graceful shutdown forgets it and keeps the socket.
   */
  handOver?: (response: ServerResponse) => void;
}

/**
 * One event as the bytes sent on the wire, so that an event for many clients is serialised and
 * encoded once and the same buffer is written to every socket.
 */
export function sseFrame(event: SseEvent): Buffer {
  let frame = '';
  if (event.id !== undefined) frame += `id: ${event.id}\n`;
  if (event.event !== undefined) frame += `event: ${event.event}\n`;
  frame += `data: ${event.data}\n\n`;
  return Buffer.from(frame);
}

const HEARTBEAT = Buffer.from(': heartbeat\n\n');
const RETRY = Buffer.from('retry: 3000\n\n');
const SHUTDOWN_RETRY_MIN_MS = 500;
const SHUTDOWN_RETRY_SPREAD_MS = 1500;

/**
 * One Server-Sent Events response: headers, events, heartbeats, and clean-up exactly once. Kept
 * small, as a server holds one per connected SDK: no timer of its own (a shared heartbeat), frames
 * written as shared buffers, and, once the headers are out, the socket taken from the HTTP server
 * (takeStreamSocket) so that the request and response objects do not live as long as the stream.
 */
export class SseConnection implements HeartbeatTarget {
  /** The response, then (from the turn after open()) its socket, where it could be taken. */
  #out: ServerResponse | Socket;
  /** Until open(): its extra headers are not kept for the stream's life. */
  #options: SseConnectionOptions | undefined;
  readonly #heartbeats: ReturnType<typeof heartbeatGroup>;
  readonly #maxBufferedBytes: number;
  /** One listener, or several in an array of their exact length (a grown array has room for 17). */
  #closeListeners: (() => void) | Array<() => void> | undefined;
  #closed = false;

  constructor(response: ServerResponse, options: SseConnectionOptions) {
    this.#out = response;
    this.#options = options;
    this.#heartbeats = heartbeatGroup(options.heartbeatMs);
    this.#maxBufferedBytes = options.maxBufferedBytes;
  }

  get closed(): boolean {
    return this.#closed;
  }

  open(): void {
    const response = this.#out as ServerResponse;
    // The stream is the connection's last response (connection: close), so its end is the end of
    // the body: no chunked encoding, and each event is one socket write of a shared buffer.
    response.useChunkedEncodingByDefault = false;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'close',
      // Reverse proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
      ...this.#options?.extraHeaders,
    });
    // The client went away: drop the socket rather than wait for it to finish closing.
    response.on('close', this.#clientGone);
    response.on('error', this.#clientGone);
    this.#write(RETRY);
    const handOver = this.#options?.handOver;
    this.#options = undefined;
    this.#heartbeats.add(this);
    // On the next turn: the route may still be inside Node's parser (its request's bytes), and
    // the catch-up written meanwhile leaves with the headers.
    setImmediate(() => this.#takeSocket(response, handOver));
  }

  #takeSocket(response: ServerResponse, handOver: SseConnectionOptions['handOver']): void {
    if (this.#closed) return;
    const socket = takeStreamSocket(response, this.#clientGone);
    if (socket === undefined) return;
    response.removeListener('close', this.#clientGone);
    response.removeListener('error', this.#clientGone);
    handOver?.(response);
    // Whoever still waits for the response to close (a request's trace span) hears of the stream's end.
    for (const listener of response.listeners('close') as Array<(this: ServerResponse) => void>)
      this.onClose(() => listener.call(response));
    this.#out = socket;
    // A client that half-closes is gone (as Node's HTTP server ends such a connection).
    socket.on('end', this.#clientGone);
    socket.on('close', this.#clientGone);
  }

  readonly #clientGone = (): void => {
    this.#out.destroy();
    this.close();
  };

  heartbeat(): void {
    this.#write(HEARTBEAT);
  }

  send(event: SseEvent): void {
    this.#write(sseFrame(event));
  }

  /** Writes a frame built once (sseFrame) for every client of an event. */
  sendFrame(frame: Buffer): void {
    this.#write(frame);
  }

  onClose(listener: () => void): void {
    if (this.#closed) {
      listener();
      return;
    }
    const listeners = this.#closeListeners;
    if (listeners === undefined) this.#closeListeners = listener;
    else this.#closeListeners = Array.isArray(listeners) ? [...listeners, listener] : [listeners, listener];
  }

  /**
   * The server is shutting down: the stream ends with a `retry:` delay, which `EventSource` waits before
   * reconnecting (through the load balancer, to another replica); 0.5 to 2 s at random, so that the
   * clients do not all come back at once.
   */
  closeForShutdown(random: () => number = Math.random): void {
    const retryMs = Math.round(SHUTDOWN_RETRY_MIN_MS + random() * SHUTDOWN_RETRY_SPREAD_MS);
    this.#write(Buffer.from(`: server shutting down, reconnect\nretry: ${retryMs}\n\n`));
    this.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#heartbeats.delete(this);
    if (!this.#out.writableEnded) this.#out.end();
    const listeners = this.#closeListeners;
    this.#closeListeners = undefined;
    if (typeof listeners === 'function') listeners();
    else for (const listener of listeners ?? []) listener();
  }

  #write(frame: Buffer): void {
    if (this.#closed) return;
    if (this.#out.writableLength > this.#maxBufferedBytes) {
      this.#out.destroy();
      this.close();
      return;
    }
    this.#out.write(frame);
  }
}
