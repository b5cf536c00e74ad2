import { formatLabels, header } from '../metrics/prometheus-text.js';

/** `switchyard_stale_flags{project}`, as last counted by the lifecycle runner. */
export class StaleGauge {
  #counts = new Map<string, number>();

  /** Replaces every project's count (projects gone since are dropped). */
  set(counts: Map<string, number>): void {
    this.#counts = counts;
  }

  render(): string {
    let out = header(
      'switchyard_stale_flags',
      'gauge',
      'Stale flags per project (see GET …/flags?stale=true).',
    );
    for (const [project, count] of this.#counts)
      out += `switchyard_stale_flags${formatLabels({ project })} ${count}\n`;
    return out;
  }
}
