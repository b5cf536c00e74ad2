import type { ServerResponse } from 'node:http';
import { type EvaluationContext, OpenFeature } from '@openfeature/server-sdk';
import { RequestEvaluations, requestScope } from './request-outcomes.js';
import { type ResponseWatch, watchResponse } from './watch-response.js';

/** A request whose evaluated variants are collected, and handed its outcome when its response is over. */
export interface WatchedRequest {
  evaluations: RequestEvaluations;
  /** Marks the request failed by a thrown error. */
  watch: ResponseWatch;
}

export function watchRequest(response: ServerResponse, started: number, now: () => number): WatchedRequest {
  const evaluations = new RequestEvaluations();
  const watch = watchResponse(response, started, now, (outcome) => evaluations.end(outcome));
  return { evaluations, watch };
}

/**
 * Runs the rest of a request with its evaluation context as the OpenFeature transaction context,
 * and (when watched) inside the request scope where the provider notes the variants it serves.
 */
export function runRequest(
  context: EvaluationContext,
  watched: WatchedRequest | undefined,
  next: () => void,
): void {
  const run = () => OpenFeature.setTransactionContext(context, next);
  if (watched === undefined) run();
  else requestScope.run(watched.evaluations, run);
}
