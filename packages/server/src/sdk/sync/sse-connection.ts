import type { ServerResponse } from 'node:http';
import { type HeartbeatTarget, heartbeatGroup } from './sse-heartbeat.js';

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
  /** Called on every heartbeat; returning false ends the stream (e.g. the key was revoked). */
  stillAllowed?: () => boolean;
  extraHeaders?: Record<string, string>;
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
 * small, as a server holds one per connected SDK: no timer of its own (a shared heartbeat), two
 * listeners on the response, and frames written as shared buffers.
 */
export class SseConnection implements HeartbeatTarget {
  readonly #response: ServerResponse;
  /** Until open(): its extra headers are not kept for the stream's life. */
  #options: SseConnectionOptions | undefined;
  readonly #heartbeats: ReturnType<typeof heartbeatGroup>;
  readonly #maxBufferedBytes: number;
  readonly #stillAllowed: (() => boolean) | undefined;
  #closeListeners: Array<() => void> | undefined;
  #closed = false;

  constructor(response: ServerResponse, options: SseConnectionOptions) {
    this.#response = response;
    this.#options = options;
    this.#heartbeats = heartbeatGroup(options.heartbeatMs);
    this.#maxBufferedBytes = options.maxBufferedBytes;
    this.#stillAllowed = options.stillAllowed;
  }

  get closed(): boolean {
    return this.#closed;
  }

  open(): void {
    // The stream is the connection's last response (connection: close), so its end is the end of
    // the body: no chunked encoding, and each event is one socket write of a shared buffer.
    this.#response.useChunkedEncodingByDefault = false;
    this.#response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'close',
      // Reverse proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
      ...this.#options?.extraHeaders,
    });
    // The client went away: drop the socket rather than wait for it to finish closing.
    this.#response.on('close', this.#clientGone);
    this.#response.on('error', this.#clientGone);
    this.#write(RETRY);
    this.#options = undefined;
    this.#heartbeats.add(this);
  }

  readonly #clientGone = (): void => {
    this.#response.destroy();
    this.close();
  };

  heartbeat(): void {
    if (this.#stillAllowed && !this.#stillAllowed()) {
      this.close();
      return;
    }
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
    this.#closeListeners ??= [];
    this.#closeListeners.push(listener);
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
    if (!this.#response.writableEnded) this.#response.end();
    const listeners = this.#closeListeners;
    this.#closeListeners = undefined;
    for (const listener of listeners ?? []) listener();
  }

  #write(frame: Buffer): void {
    if (this.#closed) return;
    if (this.#response.writableLength > this.#maxBufferedBytes) {
      this.#response.destroy();
      this.close();
      return;
    }
    this.#response.write(frame);
  }
}
