import type { ServerResponse } from 'node:http';

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

const SHUTDOWN_RETRY_MIN_MS = 500;
const SHUTDOWN_RETRY_SPREAD_MS = 1500;

/** One Server-Sent Events response: headers, events, heartbeats, and clean-up exactly once. */
export class SseConnection {
  readonly #response: ServerResponse;
  readonly #options: SseConnectionOptions;
  readonly #closeListeners: Array<() => void> = [];
  #heartbeat: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(response: ServerResponse, options: SseConnectionOptions) {
    this.#response = response;
    this.#options = options;
  }

  get closed(): boolean {
    return this.#closed;
  }

  open(): void {
    this.#response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The stream is the connection's last response: when it ends, the socket goes too.
      connection: 'close',
      // Reverse proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
      ...this.#options.extraHeaders,
    });
    // The client went away: drop the socket rather than wait for it to finish closing.
    const clientGone = () => {
      this.#response.destroy();
      this.close();
    };
    this.#response.on('close', clientGone);
    this.#response.on('error', clientGone);
    this.#write('retry: 3000\n\n');
    this.#heartbeat = setInterval(() => {
      if (this.#options.stillAllowed && !this.#options.stillAllowed()) {
        this.close();
        return;
      }
      this.#write(': heartbeat\n\n');
    }, this.#options.heartbeatMs);
    this.#heartbeat.unref();
  }

  send(event: SseEvent): void {
    let frame = '';
    if (event.id !== undefined) frame += `id: ${event.id}\n`;
    if (event.event !== undefined) frame += `event: ${event.event}\n`;
    frame += `data: ${event.data}\n\n`;
    this.#write(frame);
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  /**
   * The server is shutting down: the stream ends with a `retry:` delay, which `EventSource` waits before
   * reconnecting (through the load balancer, to another replica); 0.5 to 2 s at random, so that the
   * clients do not all come back at once.
   */
  closeForShutdown(random: () => number = Math.random): void {
    const retryMs = Math.round(SHUTDOWN_RETRY_MIN_MS + random() * SHUTDOWN_RETRY_SPREAD_MS);
    this.#write(`: server shutting down, reconnect\nretry: ${retryMs}\n\n`);
    this.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    if (!this.#response.writableEnded) this.#response.end();
    for (const listener of this.#closeListeners.splice(0)) listener();
  }

  #write(text: string): void {
    if (this.#closed) return;
    if (this.#response.writableLength > this.#options.maxBufferedBytes) {
      this.#response.destroy();
      this.close();
      return;
    }
    this.#response.write(text);
  }
}
