import { FlagSetValidationError } from '@switchyard/core';
import { asSdkError, SwitchyardSdkError } from '../errors.js';
import type { EventStreamTransport, OpenedEventStream } from '../http/event-stream-transport.js';
import { fetchFlagSet } from '../http/fetch-flag-set.js';
import { failureFromResponse, sdkHeaders, sdkUrl, withRequestTimeout } from '../http/sdk-http.js';
import { SseParser } from '../sse/sse-parser.js';
import type { FlagSetMessage, StreamMessage } from './stream-messages.js';
import { readStreamMessage } from './stream-messages.js';
import type { SyncDeps } from './sync-engine.js';

export const STREAM_PATH = 'sdk/v1/stream';

/** Refetches in a row a connection may need before it is dropped and resumed afresh. */
const MAX_REFETCHES_PER_BATCH = 3;

/**
 * One connection to `GET /sdk/v1/stream`, from the request to the end of the stream. It resumes
 * with `Last-Event-ID` (the version held), applies `flagset` and `change` events to the store,
 * and on a version gap fetches the whole set while holding back the events that arrive meanwhile.
 * `run()` always ends by throwing: why the connection ended.
 */
export class StreamSession {
  readonly #deps: SyncDeps;
  readonly #transport: EventStreamTransport;
  readonly #idleTimeoutMs: number;
  readonly #stop: AbortSignal;
  readonly #parser = new SseParser();
  readonly #pending = new Set<string>();
  readonly #queue: StreamMessage[] = [];
  #controller: AbortController | undefined;
  #failure: SwitchyardSdkError | undefined;
  #refetching = false;
  #refetchesInBatch = 0;
  #signalled = false;
  /** The version the server said its first events bring us to (undefined: not announced). */
  #catchUpTo: number | undefined;

  constructor(deps: SyncDeps, transport: EventStreamTransport, idleTimeoutMs: number, stop: AbortSignal) {
    this.#deps = deps;
    this.#transport = transport;
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#stop = stop;
  }

  /** Whether this connection brought the provider up to date at least once. */
  get delivered(): boolean {
    return this.#signalled;
  }

  async run(): Promise<void> {
    const { http, store } = this.#deps;
    const what = `GET /${STREAM_PATH}`;
    const resumeFrom = store.source === 'server' ? store.version : undefined;
    const headers = sdkHeaders(http, {
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
      ...(resumeFrom === undefined ? {} : { 'last-event-id': String(resumeFrom) }),
    });
    const { result: opened, controller } = await withRequestTimeout(
      http.requestTimeoutMs,
      what,
      this.#stop,
      (signal) => this.#transport(sdkUrl(http, STREAM_PATH), headers, signal),
    );
    this.#controller = controller;
    const onStop = () => controller.abort();
    this.#stop.addEventListener('abort', onStop, { once: true });
    try {
      await this.#read(opened, what);
    } finally {
      this.#stop.removeEventListener('abort', onStop);
      controller.abort();
    }
  }

  async #read(opened: OpenedEventStream, what: string): Promise<never> {
    if (opened.status < 200 || opened.status > 299) {
      throw await failureFromResponse(await opened.asResponse(), what);
    }
    if (!opened.contentType.startsWith('text/event-stream')) {
      opened.discard();
      throw new SwitchyardSdkError(
        'BAD_RESPONSE',
        `${what} answered ${opened.contentType || 'no content type'}, not an event stream`,
      );
    }
    this.#catchUpTo = opened.version;

    // A half-open connection (peer gone without a FIN) shows only as silence: the server sends
    // heartbeats, so nothing at all for this long means the connection is dead.
    const idle = setTimeout(() => {
      this.#fail(
        new SwitchyardSdkError(
          'TIMEOUT',
          `the change stream was silent for ${this.#idleTimeoutMs} ms (no heartbeat)`,
        ),
      );
    }, this.#idleTimeoutMs);
    idle.unref();
    try {
      await opened.consume((text) => {
        idle.refresh();
        for (const message of this.#parser.push(text)) this.#handle(message.event, message.data);
        this.#flush();
        if (this.#failure) throw this.#failure;
      });
    } catch (error) {
      if (this.#failure) throw this.#failure;
      if (this.#stop.aborted) throw error;
      throw asSdkError(error);
    } finally {
      clearTimeout(idle);
    }
    throw this.#failure ?? new SwitchyardSdkError('STREAM_ENDED', 'the server ended the change stream');
  }

  /** Ends the connection with `error` as its reason (the first reason wins). */
  #fail(error: SwitchyardSdkError): void {
    this.#failure ??= error;
    this.#controller?.abort();
  }

  #handle(event: string, data: string): void {
    const message = readStreamMessage(event, data);
    if (message === undefined) return;
    if (this.#refetching) this.#queue.push(message);
    else this.#apply(message);
  }

  #apply(message: StreamMessage): void {
    if (message.type === 'flagset') {
      this.#replace(message);
      return;
    }
    let outcome: ReturnType<SyncDeps['store']['patch']>;
    try {
      outcome = this.#deps.store.patch(message);
    } catch (error) {
      if (!(error instanceof FlagSetValidationError)) throw error;
      this.#deps.logger.warn(
        `switchyard: change to version ${message.version} does not parse; fetching the whole flag set`,
      );
      outcome = { kind: 'gap' };
    }
    if (outcome.kind === 'applied') for (const key of outcome.changedKeys) this.#pending.add(key);
    else if (outcome.kind === 'gap') {
      // Re-examined once the whole set is in: it may still apply on top of it.
      this.#queue.push(message);
      this.#refetch();
    }
  }

  #replace(message: Pick<FlagSetMessage, 'document' | 'version' | 'etag'>): void {
    let changed: string[];
    try {
      changed = this.#deps.store.replace(message.document, {
        source: 'server',
        version: message.version,
        etag: message.etag,
      });
    } catch (error) {
      if (!(error instanceof FlagSetValidationError)) throw error;
      const issues = error.issues.map((issue) => `${issue.path || '/'}: ${issue.message}`).join('; ');
      throw new SwitchyardSdkError(
        'BAD_RESPONSE',
        `the server sent flag set version ${message.version}, which does not parse (${issues}); still serving the previous one`,
        { cause: error },
      );
    }
    for (const key of changed) this.#pending.add(key);
  }

  /** A version gap: fetch the whole set, then replay what arrived on the stream meanwhile. */
  #refetch(): void {
    if (++this.#refetchesInBatch > MAX_REFETCHES_PER_BATCH) {
      this.#fail(
        new SwitchyardSdkError('BAD_RESPONSE', 'the change stream keeps skipping versions; reconnecting'),
      );
      return;
    }
    this.#refetching = true;
    fetchFlagSet(this.#deps.http, { signal: this.#controller?.signal })
      .then((result) => {
        if (this.#failure) return;
        const version = result.kind === 'document' ? result.version : undefined;
        if (result.kind !== 'document' || version === undefined) {
          throw new SwitchyardSdkError('BAD_RESPONSE', 'GET /sdk/v1/flagset answered without a version');
        }
        this.#replace({ document: result.document, version, etag: result.etag });
        this.#refetching = false;
        for (const message of this.#queue.splice(0)) {
          if (this.#refetching) this.#queue.push(message);
          else this.#apply(message);
        }
        this.#flush();
      })
      .catch((error: unknown) => {
        if (!this.#stop.aborted) this.#fail(asSdkError(error));
      });
  }

  /** Tells the provider once the store is current: after each batch of updates, and once per connection. */
  #flush(): void {
    if (this.#refetching || this.#failure) return;
    this.#refetchesInBatch = 0;
    const { store } = this.#deps;
    if (store.source !== 'server') return;
    // On a resumed connection the catch-up may arrive in several chunks: not current before its end.
    if (!this.#signalled && this.#catchUpTo !== undefined && (store.version ?? -1) < this.#catchUpTo) return;
    if (this.#signalled && this.#pending.size === 0) return;
    const keys = [...this.#pending];
    this.#pending.clear();
    this.#signalled = true;
    this.#deps.callbacks.synced(keys);
  }
}
