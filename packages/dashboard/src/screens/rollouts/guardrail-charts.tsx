import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { RolloutEvent } from '../../api/types.js';
import { UplotChart } from '../../charts/uplot-chart.js';
import { type GuardrailSeries, guardrailSeries } from './guardrail-series.js';

const COLOURS = ['#1d4ed8', '#64748b', '#047857', '#7c3aed'];

function GuardrailChart({ series }: { series: GuardrailSeries }) {
  const { options, data } = useMemo(() => {
    const variants = [...series.variants.keys()];
    const threshold = series.max ?? series.min;
    const opts: Omit<uPlot.Options, 'width' | 'height'> & { height: number } = {
      height: 180,
      // One check so far: show ten minutes around it rather than years.
      scales: { x: { range: (_u, min, max) => (min === max ? [min - 300, max + 300] : [min, max]) } },
      series: [
        {},
        ...variants.map((variant, i) => ({
          label: variant,
          stroke: COLOURS[i % COLOURS.length],
          width: 2,
          points: { show: true },
          spanGaps: true,
        })),
        ...(threshold === null
          ? []
          : [{ label: series.max !== null ? 'max' : 'min', stroke: '#b91c1c', dash: [4, 4] }]),
      ],
    };
    const columns = [
      series.times,
      ...variants.map((v) => series.variants.get(v)!),
      ...(threshold === null ? [] : [series.times.map(() => threshold)]),
    ];
    return { options: opts, data: columns as uPlot.AlignedData };
  }, [series]);
  const last = series.statuses.at(-1) ?? 'unknown';
  const bound =
    series.max !== null ? `max ${series.max}` : series.min !== null ? `min ${series.min}` : 'no fixed bound';
  return (
    <UplotChart
      label={`Guardrail ${series.metric} per variant over time`}
      options={options}
      data={data}
      summary={`${series.metric} (${bound}): ${series.times.length} checks, last ${last}.`}
    />
  );
}

/** Each guardrail metric per variant against its threshold, at every decision of the timeline. */
export function GuardrailCharts({ timeline }: { timeline: readonly RolloutEvent[] }) {
  const all = useMemo(() => guardrailSeries(timeline), [timeline]);
  if (all.length === 0) return <p className="muted">No guardrail has been checked yet.</p>;
  return (
    <>
      {all.map((series) => (
        <GuardrailChart key={series.metric} series={series} />
      ))}
    </>
  );
}
