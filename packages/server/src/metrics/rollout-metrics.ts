import { formatLabels, header } from './prometheus-text.js';

interface RolloutGauge {
  labels: { project: string; environment: string; flag: string };
  weight: number;
  status: string;
}

const statuses = ['running', 'paused', 'completed', 'rolled-back'];

/** Rollout weight and status per flag, and the controller's decisions, in Prometheus text. */
export class RolloutMetrics {
  readonly #gauges = new Map<string, RolloutGauge>();
  readonly #decisions = new Map<string, { labels: Record<string, string>; count: number }>();

  /** The rollout's state as last seen (it is dropped when the rollout is no longer active and was reported). */
  observe(labels: RolloutGauge['labels'], weight: number, status: string): void {
    this.#gauges.set(JSON.stringify(labels), { labels, weight, status });
  }

  decision(labels: RolloutGauge['labels'], action: string): void {
    const all = { ...labels, action };
    const key = JSON.stringify(all);
    const entry = this.#decisions.get(key) ?? { labels: all, count: 0 };
    entry.count++;
    this.#decisions.set(key, entry);
  }

  render(): string {
    let out = header(
      'switchyard_rollout_weight',
      'gauge',
      'Percent of the general population on the rolled-out variant.',
    );
    for (const { labels, weight } of this.#gauges.values())
      out += `switchyard_rollout_weight${formatLabels(labels)} ${weight}\n`;
    out += header(
      'switchyard_rollout_status',
      'gauge',
      "1 for the rollout's current status, 0 for the others.",
    );
    for (const { labels, status } of this.#gauges.values()) {
      for (const candidate of statuses) {
        out += `switchyard_rollout_status${formatLabels({ ...labels, status: candidate })} ${candidate === status ? 1 : 0}\n`;
      }
    }
    out += header(
      'switchyard_rollout_decisions_total',
      'counter',
      "Decisions this replica's controller applied, by action.",
    );
    for (const { labels, count } of this.#decisions.values()) {
      out += `switchyard_rollout_decisions_total${formatLabels(labels)} ${count}\n`;
    }
    return out;
  }
}
