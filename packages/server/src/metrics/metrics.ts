import type { ResolutionDetails } from '@switchyard/core';
import type { EnvironmentRef, PublishedFlagSet } from '../flag-sets/flag-set-registry.js';
import { HttpDurationHistogram } from './http-histogram.js';
import { formatLabels, header } from './prometheus-text.js';

/** sync: the SSE flag-set stream; ofrep: refetch notifications; flagd-sync / flagd-events: flagd's gRPC streams. */
export const STREAM_KINDS = ['sync', 'ofrep', 'flagd-sync', 'flagd-events'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

interface Counter {
  n: number;
}

/** Told of evaluations of known flags: one, or every flag of a bulk evaluation at once. */
export interface EvaluationListener {
  record(environmentId: string, flagKey: string): void;
  recordAll(environmentId: string, flagKeys: readonly string[]): void;
}

/** The counter a reused (frozen) result of a flag in an environment adds to. */
interface ResultCounter {
  environmentId: string;
  flagKey: string;
  counter: Counter;
}

interface EnvironmentCounters {
  env: EnvironmentRef;
  /** flag key → reason → variant (or error code for ERROR) → count */
  evaluations: Map<string, Map<string, Map<string, Counter>>>;
  streams: Record<StreamKind, number>;
}

/**
 * Server metrics, kept as plain counters in maps and formatted only when scraped, so the
 * evaluation hot path pays a few map lookups per evaluation.
 */
export class Metrics {
  readonly #environments = new Map<string, EnvironmentCounters>();
  readonly #http = new HttpDurationHistogram();
  readonly #sections: (() => string)[] = [];
  readonly #evaluationListeners: EvaluationListener[] = [];
  readonly #resultCounters = new WeakMap<ResolutionDetails, ResultCounter>();

  /** Told of every evaluation of a known flag (the lifecycle feature notes when flags were last used). */
  onEvaluation(listener: EvaluationListener): void {
    this.#evaluationListeners.push(listener);
  }

  /** Adds metrics another part of the server keeps (rollouts), written after these. */
  addSection(render: () => string): void {
    this.#sections.push(render);
  }

  /**
   * Counts one evaluation. `flagKey` should be `''` for unknown flags, so that callers cannot
   * create unbounded series by asking for made-up keys.
   */
  recordEvaluation(
    env: EnvironmentRef,
    flagKey: string,
    reason: string,
    variant: string | undefined,
    errorCode: string | undefined,
  ): void {
    this.#counterFor(env, flagKey, reason, variant, errorCode).n++;
    this.#notify(env, flagKey);
  }

  /**
   * As recordEvaluation, from the result itself. Core returns one frozen result object per variant
   * of a flag, so its counter is found with one lookup instead of four (a bulk OFREP request counts
   * every flag).
   */
  recordResult(env: EnvironmentRef, flagKey: string, details: ResolutionDetails): void {
    this.#countResult(env, flagKey, details);
    this.#notify(env, flagKey);
  }

  /**
   * As recordResult for every flag of a bulk evaluation (`flagKeys[i]` resolved to `results[i]`;
   * each a flag of the set), with the listeners told once: one evaluation instant for them all.
   */
  recordResults(
    env: EnvironmentRef,
    flagKeys: readonly string[],
    results: readonly ResolutionDetails[],
  ): void {
    for (let i = 0; i < flagKeys.length; i++) {
      this.#countResult(env, flagKeys[i] as string, results[i] as ResolutionDetails);
    }
    for (const listener of this.#evaluationListeners) listener.recordAll(env.environmentId, flagKeys);
  }

  #countResult(env: EnvironmentRef, flagKey: string, details: ResolutionDetails): void {
    const known = this.#resultCounters.get(details);
    if (known !== undefined && known.environmentId === env.environmentId && known.flagKey === flagKey) {
      known.counter.n++;
    } else {
      const counter = this.#counterFor(env, flagKey, details.reason, details.variant, details.errorCode);
      counter.n++;
      if (Object.isFrozen(details)) {
        this.#resultCounters.set(details, { environmentId: env.environmentId, flagKey, counter });
      }
    }
  }

  #counterFor(
    env: EnvironmentRef,
    flagKey: string,
    reason: string,
    variant: string | undefined,
    errorCode: string | undefined,
  ): Counter {
    const counters = this.#countersFor(env);
    let byReason = counters.evaluations.get(flagKey);
    if (!byReason) {
      byReason = new Map();
      counters.evaluations.set(flagKey, byReason);
    }
    let byOutcome = byReason.get(reason);
    if (!byOutcome) {
      byOutcome = new Map();
      byReason.set(reason, byOutcome);
    }
    const outcome = reason === 'ERROR' ? (errorCode ?? 'GENERAL') : (variant ?? '');
    let counter = byOutcome.get(outcome);
    if (!counter) {
      counter = { n: 0 };
      byOutcome.set(outcome, counter);
    }
    return counter;
  }

  #notify(env: EnvironmentRef, flagKey: string): void {
    if (flagKey !== '')
      for (const listener of this.#evaluationListeners) listener.record(env.environmentId, flagKey);
  }

  /**
   * The evaluations of one flag this process served (OFREP, flagd) since it started, by variant,
   * and how many ended in an error: what `switchyard_flag_evaluations_total` counts.
   */
  flagEvaluations(
    environmentId: string,
    flagKey: string,
  ): { variants: Record<string, number>; errors: number } {
    const variants: Record<string, number> = Object.create(null);
    let errors = 0;
    const byReason = this.#environments.get(environmentId)?.evaluations.get(flagKey);
    for (const [reason, byOutcome] of byReason ?? []) {
      for (const [outcome, { n: count }] of byOutcome) {
        if (reason === 'ERROR') errors += count;
        else variants[outcome] = (variants[outcome] ?? 0) + count;
      }
    }
    return { variants, errors };
  }

  /** One finished HTTP request; `route` is the route template (bounded), not the raw URL. */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.#http.observe(method, route, statusCode, seconds);
  }

  streamOpened(env: EnvironmentRef, kind: StreamKind): void {
    this.#countersFor(env).streams[kind]++;
  }

  streamClosed(env: EnvironmentRef, kind: StreamKind): void {
    this.#countersFor(env).streams[kind]--;
  }

  /** Prometheus text exposition; `environments` supplies the current config versions. */
  render(environments: Iterable<PublishedFlagSet>): string {
    let out = header(
      'switchyard_flag_evaluations_total',
      'counter',
      'Flag evaluations served, by flag, variant and reason (error_code set when reason is ERROR).',
    );
    for (const counters of this.#environments.values()) {
      const envLabels = { project: counters.env.projectKey, environment: counters.env.environmentKey };
      for (const [flag, byReason] of counters.evaluations) {
        for (const [reason, byOutcome] of byReason) {
          for (const [outcome, { n: count }] of byOutcome) {
            const isError = reason === 'ERROR';
            const labels = {
              ...envLabels,
              flag,
              variant: isError ? '' : outcome,
              reason,
              error_code: isError ? outcome : '',
            };
            out += `switchyard_flag_evaluations_total${formatLabels(labels)} ${count}\n`;
          }
        }
      }
    }

    out += header(
      'switchyard_http_request_duration_seconds',
      'histogram',
      'HTTP request durations by route template, method and status code.',
    );
    out += this.#http.render('switchyard_http_request_duration_seconds');

    out += header(
      'switchyard_stream_clients',
      'gauge',
      'Connected SDK stream clients (sync: flag-set stream; ofrep: refetch notifications; flagd-sync: flagd SyncFlags; flagd-events: flagd EventStream).',
    );
    for (const counters of this.#environments.values()) {
      for (const kind of STREAM_KINDS) {
        const labels = {
          project: counters.env.projectKey,
          environment: counters.env.environmentKey,
          stream: kind,
        };
        out += `switchyard_stream_clients${formatLabels(labels)} ${counters.streams[kind]}\n`;
      }
    }

    out += header(
      'switchyard_flagset_version',
      'gauge',
      'Version of the flag set served for each environment.',
    );
    let flagCounts = '';
    for (const published of environments) {
      const labels = formatLabels({
        project: published.env.projectKey,
        environment: published.env.environmentKey,
      });
      out += `switchyard_flagset_version${labels} ${published.version}\n`;
      flagCounts += `switchyard_flagset_flags${labels} ${published.flagSet.flagKeys.length}\n`;
    }
    out += header(
      'switchyard_flagset_flags',
      'gauge',
      'Number of flags in the flag set served for each environment.',
    );
    out += flagCounts;
    for (const render of this.#sections) out += render();
    return out;
  }

  #countersFor(env: EnvironmentRef): EnvironmentCounters {
    let counters = this.#environments.get(env.environmentId);
    if (!counters) {
      counters = {
        env,
        evaluations: new Map(),
        streams: { sync: 0, ofrep: 0, 'flagd-sync': 0, 'flagd-events': 0 },
      };
      this.#environments.set(env.environmentId, counters);
    }
    return counters;
  }
}
