import type { JsonObject } from '@bufbuild/protobuf';
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from '@connectrpc/connect';
import type { ErrorCode, ResolutionDetails } from '@switchyard/core';
import type { FlagSetRegistry, PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';
import type { Metrics } from '../../metrics/metrics.js';
import { type ConnectionGrants, requestSpanKey } from './connection-grants.js';
import { evaluationError } from './evaluation-errors.js';
import {
  configurationChange,
  type FlagdEvent,
  keepAlive,
  mergeEvents,
  providerReady,
} from './flag-change-events.js';
import { type FlagdAccess, type FlagdGrant, missingKeyError } from './flagd-access.js';
import type { OpenStreams } from './open-streams.js';
import { resolveAllV1 } from './resolve-all.js';
import type {
  EvaluationService,
  EvaluationServiceV1,
  ProtocolVersion,
  ValueKind,
} from './schema/evaluation.js';
import { StreamFeed } from './stream-feed.js';
import { typedAnswer } from './typed-resolution.js';

export interface EvaluationServiceDeps {
  access: FlagdAccess;
  connections: ConnectionGrants;
  registry: FlagSetRegistry;
  streams: OpenStreams;
  metrics: Metrics;
  /** How often EventStream sends `keep_alive` (flagd: 20 s). */
  keepAliveMs: number;
}

/** Events a slow EventStream client may have waiting before it is cut off (changes merge, so this is rare). */
const MAX_WAITING_EVENTS = 64;

/**
 * `flagd.evaluation.v2.Service` (current providers) and `v1` (older ones, and ResolveAll): remote
 * evaluation, answered as flagd answers it. Client keys may call it: answers carry values, not rules.
 */
export function evaluationService(
  version: 'v1',
  deps: EvaluationServiceDeps,
): ServiceImpl<EvaluationServiceV1>;
export function evaluationService(version: 'v2', deps: EvaluationServiceDeps): ServiceImpl<EvaluationService>;
export function evaluationService(
  version: ProtocolVersion,
  deps: EvaluationServiceDeps,
): ServiceImpl<EvaluationService> | ServiceImpl<EvaluationServiceV1> {
  const resolve =
    (kind: ValueKind) => (request: { flagKey: string; context?: JsonObject }, context: HandlerContext) => {
      const published = authorize(deps, context);
      const evaluationContext = request.context ?? {};
      const details = published.flagSet.resolve(request.flagKey, evaluationContext);
      const answer = typedAnswer(details, kind, version);
      record(deps.metrics, published, request.flagKey, details, answer.ok ? undefined : answer.errorCode);
      context.values.get(requestSpanKey)?.evaluated({
        key: request.flagKey,
        // A type mismatch is the answer's error, not the flag's.
        details: answer.ok ? details : { ...details, reason: 'ERROR', errorCode: answer.errorCode },
        context: evaluationContext,
        published,
      });
      if (!answer.ok) throw evaluationError(answer.errorCode);
      return answer.response;
    };
  const typed = {
    resolveBoolean: resolve('Boolean'),
    resolveString: resolve('String'),
    resolveFloat: resolve('Float'),
    resolveInt: resolve('Int'),
    resolveObject: resolve('Object'),
    eventStream: (_request: unknown, context: HandlerContext) => eventStream(deps, context),
  };
  if (version === 'v2') return typed;
  return {
    ...typed,
    resolveAll(request, context) {
      const published = authorize(deps, context);
      const evaluationContext = request.context ?? {};
      const span = context.values.get(requestSpanKey);
      return resolveAllV1(published, evaluationContext, (key, details) => {
        record(deps.metrics, published, key, details, details.errorCode);
        span?.evaluated({ key, details, context: evaluationContext, published });
      });
    },
  };
}

function authorize(deps: EvaluationServiceDeps, context: HandlerContext): PublishedFlagSet {
  const grant = deps.access.authorize(context.requestHeader, { requireServerKey: false });
  if (grant.keySource !== 'none') deps.connections.granted(context, grant);
  return grant.published;
}

function record(
  metrics: Metrics,
  published: PublishedFlagSet,
  key: string,
  details: ResolutionDetails,
  errorCode: ErrorCode | undefined,
): void {
  // Unknown keys are counted under '' so callers cannot mint unbounded metric series.
  const flag = details.errorCode === 'FLAG_NOT_FOUND' ? '' : key;
  const reason = errorCode === undefined ? details.reason : 'ERROR';
  metrics.recordEvaluation(published.env, flag, reason, details.variant, errorCode);
}

/**
 * `provider_ready` at once, then `configuration_change` after every publish that changes a flag, and
 * `keep_alive` every `keepAliveMs`, as flagd does. The stream stays open until the client leaves.
 *
 * A stream opened without any key (the JS provider's RPC mode sends none with it) is not refused: it
 * carries readiness and keep-alives only, until a call on the same connection shows a valid key; from then
 * on it tells of that key's environment (see ConnectionGrants).
 */
async function* eventStream(
  deps: EvaluationServiceDeps,
  context: HandlerContext,
): AsyncGenerator<FlagdEvent> {
  const keyed = deps.access.authorizeIfKeyed(context.requestHeader, { requireServerKey: false });
  const feed = new StreamFeed<FlagdEvent>({
    coalesce: mergeEvents,
    maxWaiting: MAX_WAITING_EVENTS,
    overflowError: () => new ConnectError('client too slow', Code.ResourceExhausted),
  });
  feed.push(providerReady());
  const stream = deps.streams.add(feed, 'flagd-events');
  let unsubscribe = () => {};
  const follow = (grant: FlagdGrant) => {
    const environmentId = grant.principal.environmentId;
    stream.bind(grant.principal.keyId, grant.published.env);
    let known = new Set(Object.keys((deps.registry.get(environmentId) ?? grant.published).document.flags));
    unsubscribe = deps.registry.subscribe(
      environmentId,
      (change, published) => {
        const event = configurationChange(known, change, published);
        known = new Set(Object.keys(published.document.flags));
        if (event) feed.push(event);
      },
      () => feed.end(new ConnectError("the key's environment was deleted", Code.Unauthenticated)),
    );
  };
  let stopWaiting: (() => void) | undefined;
  const timer = setInterval(() => feed.push(keepAlive()), deps.keepAliveMs);
  timer.unref();
  try {
    if (keyed) follow(keyed);
    else {
      stopWaiting = deps.connections.onNextGrant(context, follow);
      // Too many streams already wait for a key: this one must show its own.
      if (stopWaiting === undefined) throw missingKeyError();
    }
    yield* feed.drain(context.signal);
  } finally {
    clearInterval(timer);
    stopWaiting?.();
    unsubscribe();
    stream.close();
  }
}
