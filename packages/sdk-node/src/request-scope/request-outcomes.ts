import { AsyncLocalStorage } from 'node:async_hooks';

/** How a request ended, as request telemetry counts it. */
export interface RequestOutcome {
  /** Status >= 500, an error thrown by the application, or a response that never completed. */
  error: boolean;
  durationMs: number;
}

/** Where a provider wants the outcome of each request that evaluated one of its flags. */
export interface RequestOutcomeSink {
  record(flag: string, variant: string, outcome: RequestOutcome): void;
}

/**
 * The (flag, variant) pairs one request evaluated, per provider. A pair evaluated many times is
 * held once, so the request counts once for it; a flag evaluated to two variants counts once for each.
 */
export class RequestEvaluations {
  readonly #pairs = new Map<RequestOutcomeSink, Map<string, Set<string>>>();
  #ended = false;

  note(sink: RequestOutcomeSink, flag: string, variant: string): void {
    // Work the request left running after its response (a background task) is not the request's.
    if (this.#ended) return;
    let flags = this.#pairs.get(sink);
    if (flags === undefined) {
      flags = new Map();
      this.#pairs.set(sink, flags);
    }
    let variants = flags.get(flag);
    if (variants === undefined) {
      variants = new Set();
      flags.set(flag, variants);
    }
    variants.add(variant);
  }

  /** Hands the outcome to each provider for each pair evaluated; only the first call counts. */
  end(outcome: RequestOutcome): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const [sink, flags] of this.#pairs) {
      for (const [flag, variants] of flags) {
        for (const variant of variants) sink.record(flag, variant, outcome);
      }
    }
    this.#pairs.clear();
  }
}

/**
 * The request being handled, if any. The middleware runs each request inside it; the provider
 * notes its evaluations there. It is separate from OpenFeature's transaction context so that it
 * works whatever propagator the application installs, and the context stays plain data.
 */
export const requestScope = new AsyncLocalStorage<RequestEvaluations>();
