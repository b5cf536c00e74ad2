import { formatLabels, formatNumber } from './prometheus-text.js';

/** Upper bounds (seconds) of the request-duration buckets: sub-millisecond resolution for the hot path. */
export const HTTP_DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

class Histogram {
  readonly counts = new Float64Array(HTTP_DURATION_BUCKETS.length);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < HTTP_DURATION_BUCKETS.length; i++) {
      if (seconds <= (HTTP_DURATION_BUCKETS[i] as number)) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

/**
 * Request durations by route template, method and status. Nested maps keep the per-request
 * cost to a few lookups and no allocation once a series exists.
 */
export class HttpDurationHistogram {
  readonly #byRoute = new Map<string, Map<string, Map<number, Histogram>>>();

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    let byMethod = this.#byRoute.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.#byRoute.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let histogram = byStatus.get(statusCode);
    if (!histogram) {
      histogram = new Histogram();
      byStatus.set(statusCode, histogram);
    }
    histogram.observe(seconds);
  }

  render(name: string): string {
    let out = '';
    for (const [route, byMethod] of this.#byRoute) {
      for (const [method, byStatus] of byMethod) {
        for (const [status, histogram] of byStatus) {
          const base = { method, route, status_code: String(status) };
          let cumulative = 0;
          HTTP_DURATION_BUCKETS.forEach((bound, i) => {
            cumulative += histogram.counts[i] as number;
            out += `${name}_bucket${formatLabels({ ...base, le: String(bound) })} ${cumulative}\n`;
          });
          out += `${name}_bucket${formatLabels({ ...base, le: '+Inf' })} ${histogram.count}\n`;
          out += `${name}_sum${formatLabels(base)} ${formatNumber(histogram.sum)}\n`;
          out += `${name}_count${formatLabels(base)} ${histogram.count}\n`;
        }
      }
    }
    return out;
  }
}
