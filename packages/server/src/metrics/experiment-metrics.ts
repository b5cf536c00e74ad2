import type { ExperimentIngestor } from '../experiments/experiment-ingestor.js';
import { formatLabels, header } from './prometheus-text.js';

/** What happened to the SDK events this replica received, and how many wait to be written. */
export function renderExperimentMetrics(ingestor: ExperimentIngestor): string {
  const { counts } = ingestor;
  const outcomes: Record<string, number> = {
    exposure: counts.exposures,
    track: counts.tracks,
    ignored: counts.ignored,
    attributed: counts.attributed,
    discarded: counts.discarded,
    refused: counts.refused,
  };
  let out = header(
    'switchyard_experiment_events_total',
    'counter',
    'SDK events by outcome: exposure / track (reached an experiment), ignored (no experiment runs on them), attributed (a track credited to its unit), discarded (outside its unit\u2019s window or never exposed), refused (the server was full).',
  );
  for (const [outcome, count] of Object.entries(outcomes))
    out += `switchyard_experiment_events_total${formatLabels({ outcome })} ${count}\n`;
  out += header('switchyard_experiment_events_pending', 'gauge', 'SDK events received and not yet written.');
  out += `switchyard_experiment_events_pending ${ingestor.pending}\n`;
  return out;
}
