import { useMemo } from 'react';
import uPlot from 'uplot';
import { UplotChart } from '../../charts/uplot-chart.js';

// Stable defaults, so a chart without them is not rebuilt on every render.
const NO_MARKERS: { at: number; action: string }[] = [];
const NO_RINGS: { at: number; ring: string }[] = [];

/** Weight (percent on the variant) over time: planned steps and, when running, what happened. */
export function WeightChart({
  label,
  planned,
  actual,
  markers = NO_MARKERS,
  ringSteps = NO_RINGS,
}: {
  label: string;
  /** [seconds, weight] of each planned step. */
  planned: [number, number][];
  actual?: [number, number][];
  markers?: { at: number; action: string }[];
  /** Steps that open a ring (seconds, ring name): the ring gets the variant in full, everyone else 0%. */
  ringSteps?: { at: number; ring: string }[];
}) {
  const { data, options } = useMemo(() => {
    const times = [...new Set([...planned.map((p) => p[0]), ...(actual ?? []).map((a) => a[0])])].sort(
      (a, b) => a - b,
    );
    const lookup = (points: [number, number][] | undefined) => {
      const map = new Map(points?.map(([t, w]) => [t, w]));
      return times.map((t) => map.get(t) ?? null);
    };
    const series: uPlot.Series[] = [
      {},
      {
        label: 'planned weight %',
        stroke: '#64748b',
        dash: [6, 4],
        // Each weight is held until the next step: a staircase, not a slope.
        paths: uPlot.paths.stepped?.({ align: 1 }),
        spanGaps: true,
      },
    ];
    const columns: (number | null)[][] = [lookup(planned)];
    if (actual) {
      series.push({ label: 'weight %', stroke: '#1d4ed8', width: 2, spanGaps: true });
      columns.push(lookup(actual));
    }
    if (markers.length > 0) {
      const markerAt = new Map(markers.map((m) => [m.at, m]));
      series.push({
        label: 'decisions',
        stroke: '#b91c1c',
        width: 0,
        points: { show: true, size: 9, fill: '#b91c1c' },
      });
      const actualMap = new Map(actual?.map(([t, w]) => [t, w]));
      columns.push(times.map((t) => (markerAt.has(t) ? (actualMap.get(t) ?? 0) : null)));
    }
    if (ringSteps.length > 0) {
      const ringAt = new Set(ringSteps.map((r) => r.at));
      series.push({
        label: 'ring opens',
        stroke: '#7c3aed',
        width: 0,
        points: { show: true, size: 11, fill: '#7c3aed' },
      });
      columns.push(times.map((t) => (ringAt.has(t) ? 0 : null)));
    }
    const opts: Omit<uPlot.Options, 'width' | 'height'> = {
      series,
      scales: { y: { range: [0, 100] } },
      axes: [{}, { label: '%' }],
    };
    return { data: [times, ...columns] as uPlot.AlignedData, options: opts };
  }, [planned, actual, markers, ringSteps]);
  const last = planned.at(-1);
  const ramp = planned.slice(ringSteps.length);
  const rings =
    ringSteps.length > 0
      ? `${ringSteps.length} ring ${ringSteps.length === 1 ? 'step' : 'steps'} (${ringSteps.map((r) => r.ring).join(', ')}), then `
      : '';
  const summary = actual?.length
    ? `Now at ${actual.at(-1)![1]}% after ${actual.length} recorded decisions; the plan has ${planned.length} steps.`
    : `${rings}${ramp.length} steps from ${ramp[0]?.[1] ?? 0}% to ${last?.[1] ?? 0}%.`;
  return <UplotChart label={label} options={options} data={data} summary={summary} />;
}
