import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { EnvironmentRef } from '../../flag-sets/flag-set-registry.js';
import type { Metrics, StreamKind } from '../../metrics/metrics.js';
import { SseConnection, type SseConnectionOptions } from './sse-connection.js';

/** What every SDK stream of a server shares: one object, not a closure per stream. */
export interface SdkStreamHub {
  readonly metrics: Metrics;
  readonly log: FastifyBaseLogger;
  readonly open: Set<SdkStream>;
  stillAllowed(rawKey: string | undefined, environmentId: string): boolean;
}

/** Who opened a stream: its key, environment and request. */
export interface SdkStreamOwner {
  env: EnvironmentRef;
  kind: StreamKind;
  environmentId: string;
  keyId: string;
  rawKey: string | undefined;
  reqId: string;
}

/**
 * One SDK stream (`/sdk/v1/stream`, `/sdk/v1/ofrep-stream`): its key check on each heartbeat and its
 * clean-up are methods over fields, not closures, as a server holds one per connected SDK for hours.
 * It counts in the `switchyard_stream_clients` gauge and in `hub.open` from construction to close.
 */
export class SdkStream extends SseConnection {
  readonly #hub: SdkStreamHub;
  readonly #env: EnvironmentRef;
  readonly #kind: StreamKind;
  readonly #environmentId: string;
  readonly #rawKey: string | undefined;
  readonly #reqId: string;
  readonly keyId: string;

  constructor(
    response: ServerResponse,
    options: SseConnectionOptions,
    hub: SdkStreamHub,
    owner: SdkStreamOwner,
  ) {
    super(response, options);
    this.#hub = hub;
    this.#env = owner.env;
    this.#kind = owner.kind;
    this.#environmentId = owner.environmentId;
    this.keyId = owner.keyId;
    // Flat copies: the key is a slice of its header's text, the id a rope of 14 strings (448
    // bytes from randomUUID()); either would keep more than itself for the stream's life.
    this.#rawKey = owner.rawKey === undefined ? undefined : flatCopy(owner.rawKey);
    this.#reqId = flatCopy(owner.reqId);
    hub.open.add(this);
    hub.metrics.streamOpened(owner.env, owner.kind);
  }

  /** A revoked key's stream ends at its next heartbeat (if the revocation was not heard at once). */
  override heartbeat(): void {
    if (!this.#hub.stillAllowed(this.#rawKey, this.#environmentId)) {
      this.close();
      return;
    }
    super.heartbeat();
  }

  override close(): void {
    if (this.closed) return;
    super.close();
    this.#hub.open.delete(this);
    this.#hub.metrics.streamClosed(this.#env, this.#kind);
    this.#hub.log.info(
      { stream: this.#kind, environmentId: this.#environmentId, reqId: this.#reqId },
      'SDK stream closed',
    );
  }
}

function flatCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
