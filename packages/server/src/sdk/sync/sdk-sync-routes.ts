import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FlagSetChange, FlagSetRegistry, PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';
import type { HttpDrain } from '../../http/http-drain.js';
import type { Metrics, StreamKind } from '../../metrics/metrics.js';
import type { SdkAccess, SdkAccessResolver } from '../access/sdk-access.js';
import { sendDenial } from '../access/send-denial.js';
import { ifNoneMatchMatches } from '../ofrep/bulk-etag.js';
import { addCorsHeaders, registerCorsPreflight } from '../ofrep/cors.js';
import { OFREP_STREAM_PATH } from '../ofrep/ofrep-evaluation.js';
import { SdkStream, type SdkStreamHub } from './sdk-stream.js';
import { sseFrame } from './sse-connection.js';
import { changeEvent, flagsetEvent, liveEvent, parseLastEventId, refetchEvent } from './stream-events.js';

export interface SdkSyncDeps {
  registry: FlagSetRegistry;
  access: SdkAccessResolver;
  metrics: Metrics;
  heartbeatMs?: number;
  /** Tells of keys that stopped being valid: their open streams end at once. */
  revocations?: { onRevoked(listener: (keyIds: ReadonlySet<string>) => void): () => void } | null;
  /** Told when a stream takes its socket from the HTTP server (it forgets the response). */
  drain?: Pick<HttpDrain, 'handOver'> | undefined;
}

const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * Flag-set sync for in-process SDKs and flagd (`GET /sdk/v1/flagset`), the flag-set change
 * stream (`GET /sdk/v1/stream`) and the OFREP refetch notifications (`GET /sdk/v1/ofrep-stream`).
 * Protocol: docs/sdk-stream.md.
 */
export async function sdkSyncRoutes(scope: FastifyInstance, deps: SdkSyncDeps): Promise<void> {
  const open = new Set<SdkStream>();
  const hub: SdkStreamHub = {
    metrics: deps.metrics,
    log: scope.log,
    open,
    stillAllowed: (rawKey, environmentId) => deps.access.stillAllowed(rawKey, environmentId),
  };
  const { drain } = deps;
  const handOver = drain && ((response: ServerResponse) => drain.handOver(response));
  // Every connected client of an environment gets the same bytes for a change: build them once.
  const liveFrames = new WeakMap<FlagSetChange, Buffer>();
  const liveFrameOnce = (change: FlagSetChange, published: PublishedFlagSet): Buffer => {
    let frame = liveFrames.get(change);
    if (frame === undefined) {
      frame = sseFrame(liveEvent(change, published));
      liveFrames.set(change, frame);
    }
    return frame;
  };
  const refetchFrames = new WeakMap<PublishedFlagSet, Buffer>();
  const refetchFrameOnce = (published: PublishedFlagSet): Buffer => {
    let frame = refetchFrames.get(published);
    if (frame === undefined) {
      frame = sseFrame(refetchEvent(published));
      refetchFrames.set(published, frame);
    }
    return frame;
  };
  // A revoked key must not receive one more change: its streams end the moment it is revoked.
  const stopListening = deps.revocations?.onRevoked((keyIds) => {
    for (const connection of [...open]) if (keyIds.has(connection.keyId)) connection.close();
  });
  // Streams never end by themselves; close them so the server can shut down, telling clients to come back.
  scope.addHook('preClose', (done) => {
    stopListening?.();
    for (const connection of [...open]) connection.closeForShutdown();
    done();
  });

  scope.get('/sdk/v1/flagset', (request, reply) => {
    const access = deps.access.resolve(request.headers, { requireServerKey: true });
    if (!access.ok) return sendDenial(reply, access);
    const { published } = access;
    reply.header('etag', published.etag).header('x-switchyard-version', String(published.version));
    reply.header('last-modified', published.updatedAt.toUTCString());
    if (ifNoneMatchMatches(request.headers['if-none-match'], published.etag)) return reply.code(304).send();
    return reply.code(200).type('application/json').send(published.documentJson);
  });

  scope.get('/sdk/v1/stream', (request, reply) => {
    const access = deps.access.resolve(request.headers, { requireServerKey: true });
    if (!access.ok) return sendDenial(reply, access);
    const environmentId = access.principal.environmentId;
    const current = deps.registry.get(environmentId) ?? access.published;
    // The version the catch-up below ends at: a client knows when it is current even if the
    // catch-up reaches it in several chunks.
    const connection = openStream(request, reply, access, 'sync', {
      'x-switchyard-version': String(current.version),
    });
    const since = lastEventId(request);
    const deltas = since === undefined ? undefined : deps.registry.changesSince(environmentId, since);
    if (deltas === undefined) connection.send(flagsetEvent(current));
    else for (const delta of deltas) connection.send(changeEvent(delta));
    // Subscribing right after the catch-up, synchronously: no publish can fall in between.
    const unsubscribe = deps.registry.subscribe(
      environmentId,
      (change, published) => connection.sendFrame(liveFrameOnce(change, published)),
      () => connection.close(),
    );
    connection.onClose(unsubscribe);
  });

  scope.get(OFREP_STREAM_PATH, (request, reply) => {
    addCorsHeaders(request, reply);
    const queryKey = (request.query as { key?: unknown }).key;
    const access = deps.access.resolve(request.headers, {
      requireServerKey: false,
      queryKey: typeof queryKey === 'string' ? queryKey : undefined,
    });
    if (!access.ok) return sendDenial(reply, access);
    const connection = openStream(request, reply, access, 'ofrep');
    const environmentId = access.principal.environmentId;
    const current = deps.registry.get(environmentId) ?? access.published;
    const since = lastEventId(request);
    // A reconnecting client that missed changes is told to refetch at once (one event covers them all).
    if (since !== undefined && since !== current.version) connection.send(refetchEvent(current));
    const unsubscribe = deps.registry.subscribe(
      environmentId,
      (_change, published) => connection.sendFrame(refetchFrameOnce(published)),
      () => connection.close(),
    );
    connection.onClose(unsubscribe);
  });
  registerCorsPreflight(scope, [OFREP_STREAM_PATH]);

  function openStream(
    request: FastifyRequest,
    reply: FastifyReply,
    access: Extract<SdkAccess, { ok: true }>,
    kind: StreamKind,
    headers: Record<string, string> = {},
  ): SdkStream {
    reply.hijack();
    const { environmentId } = access.principal;
    // Streams live for hours, one per SDK: keep only what they need (not the request, its
    // logger or the flag set the key was checked against, which a later publish replaces).
    const connection = new SdkStream(
      reply.raw,
      {
        heartbeatMs: deps.heartbeatMs ?? 15_000,
        maxBufferedBytes: MAX_BUFFERED_BYTES,
        handOver,
        extraHeaders:
          request.headers.origin === undefined ? headers : { ...headers, 'access-control-allow-origin': '*' },
      },
      hub,
      {
        env: access.published.env,
        kind,
        environmentId,
        keyId: access.principal.keyId,
        rawKey: access.rawKey,
        reqId: request.id,
      },
    );
    connection.open();
    request.log.info({ stream: kind, environmentId, reqId: request.id }, 'SDK stream opened');
    return connection;
  }
}

function lastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  if (header !== undefined) return parseLastEventId(header);
  const query = (request.query as { lastEventId?: string | string[] }).lastEventId;
  return parseLastEventId(query);
}
