import type { IncomingHttpHeaders } from 'node:http';
import type { ResolutionDetails } from '@switchyard/core';
import type { PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { RequestSpan } from '../../tracing/server-tracing.js';
import type { SdkAccessDenial, SdkAccessResolver } from '../access/sdk-access.js';
import { BulkBodyCache } from './bulk-body-cache.js';
import { bulkEtag, ifNoneMatchMatches } from './bulk-etag.js';
import { parseOfrepRequest } from './ofrep-request.js';
import { entryJson, invalidContextReply, type OfrepReply, singleFlagReply } from './ofrep-response.js';

/** Where bulk clients are told to listen for change notifications (ADR-0008). */
export const OFREP_STREAM_PATH = '/sdk/v1/ofrep-stream';

/** Clients close the notification stream after this much inactivity (tab hidden) and refetch on return. */
const INACTIVITY_DELAY_SEC = 120;

export interface OfrepDeps {
  access: SdkAccessResolver;
  metrics: Metrics;
  /** Bulk answers reused while the results stay the same (one shared cache when absent). */
  bulkBodies?: BulkBodyCache;
}

const defaultBulkBodies = new BulkBodyCache();

/** `POST /ofrep/v1/evaluate/flags/{key}`. */
export function answerSingle(
  deps: OfrepDeps,
  headers: IncomingHttpHeaders,
  key: string,
  bodyText: string | undefined,
  span?: RequestSpan,
): OfrepReply {
  const access = deps.access.resolve(headers, { requireServerKey: false });
  if (!access.ok) return denial(access);
  const parsed = parseOfrepRequest(bodyText);
  if (!parsed.ok) return invalidContextReply(parsed.message, key);
  const published = access.published;
  const details = published.flagSet.resolve(key, parsed.context);
  recordEvaluation(deps.metrics, published, key, details);
  span?.evaluated({ key, details, context: parsed.context, published });
  return singleFlagReply(key, details);
}

/** `POST /ofrep/v1/evaluate/flags`: every flag, ETag over the whole evaluated result. */
export function answerBulk(
  deps: OfrepDeps,
  headers: IncomingHttpHeaders,
  bodyText: string | undefined,
  span?: RequestSpan,
): OfrepReply {
  const access = deps.access.resolve(headers, { requireServerKey: false });
  if (!access.ok) return denial(access);
  const parsed = parseOfrepRequest(bodyText);
  if (!parsed.ok) return invalidContextReply(parsed.message);
  const published = access.published;
  const rawKey = access.rawKey;
  const keys = published.flagSet.flagKeys;
  const results = published.flagSet.resolveEach(parsed.context);
  deps.metrics.recordResults(published.env, keys, results);
  if (span !== undefined) {
    for (let i = 0; i < keys.length; i++) {
      span.evaluated({
        key: keys[i] as string,
        details: results[i] as ResolutionDetails,
        context: parsed.context,
        published,
      });
    }
  }
  const cache = deps.bulkBodies ?? defaultBulkBodies;
  let body = cache.find(published, results, rawKey);
  if (body === undefined) {
    const text = bulkBodyText(published, keys, results, rawKey);
    body = { results, rawKey, text, bytes: Buffer.from(text), etag: bulkEtag(text) };
    cache.store(published, body);
  }
  if (ifNoneMatchMatches(headers['if-none-match'], body.etag)) {
    return { status: 304, body: undefined, etag: body.etag };
  }
  return { status: 200, body: body.text, bytes: body.bytes, etag: body.etag };
}

function bulkBodyText(
  published: PublishedFlagSet,
  keys: readonly string[],
  results: readonly ResolutionDetails[],
  rawKey: string | undefined,
): string {
  const flags: string[] = [];
  // Entries are written one by one (entryJson), so a value that cannot be written fails alone.
  for (let i = 0; i < keys.length; i++) {
    flags.push(entryJson(keys[i] as string, results[i] as ResolutionDetails).text);
  }
  const streamUri =
    rawKey === undefined ? OFREP_STREAM_PATH : `${OFREP_STREAM_PATH}?key=${encodeURIComponent(rawKey)}`;
  const rest = JSON.stringify({
    metadata: published.document.metadata ?? {},
    eventStreams: [
      { type: 'sse', endpoint: { requestUri: streamUri }, inactivityDelaySec: INACTIVITY_DELAY_SEC },
    ],
  });
  return `{"flags":[${flags.join(',')}],${rest.slice(1)}`;
}

function recordEvaluation(
  metrics: Metrics,
  published: PublishedFlagSet,
  key: string,
  details: ResolutionDetails,
): void {
  // Unknown keys are counted under '' so callers cannot mint unbounded metric series.
  if (details.errorCode === 'FLAG_NOT_FOUND') {
    metrics.recordEvaluation(published.env, '', details.reason, details.variant, details.errorCode);
  } else {
    metrics.recordResult(published.env, key, details);
  }
}

function denial(denied: SdkAccessDenial): OfrepReply {
  return {
    status: denied.status,
    body: JSON.stringify({ errorCode: denied.code, errorDetails: denied.message }),
  };
}
