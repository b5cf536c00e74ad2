import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { VariantResult } from '../../api/types.js';
import { UplotChart } from '../../charts/uplot-chart.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Relative effect against control with its confidence interval, one column per treatment. */
export function CiChart({ variants }: { variants: VariantResult[] }) {
  const treated = variants.filter((v) => v.ci !== null && v.relativeEffect !== null);
  const { data, options } = useMemo(() => {
    const xs = treated.map((_, i) => i);
    const opts: Omit<uPlot.Options, 'width' | 'height'> & { height: number } = {
      height: 220,
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, treated.length - 0.5)] } },
      axes: [
        {
          values: (_u: uPlot, splits: number[]) =>
            splits.map((s) => (Number.isInteger(s) ? (treated[s]?.variant ?? '') : '')),
        },
        { values: (_u: uPlot, splits: number[]) => splits.map((s) => pct(s)) },
      ],
      series: [
        {},
        { label: 'CI low', stroke: '#64748b', width: 0, points: { show: true, size: 10, fill: '#64748b' } },
        {
          label: 'relative effect',
          stroke: '#1d4ed8',
          width: 0,
          points: { show: true, size: 12, fill: '#1d4ed8' },
        },
        { label: 'CI high', stroke: '#64748b', width: 0, points: { show: true, size: 10, fill: '#64748b' } },
      ],
      bands: [{ series: [3, 1], fill: 'rgba(29, 78, 216, 0.15)' }],
    };
    const columns = [
      xs,
      treated.map((v) => v.ci![0]),
      treated.map((v) => v.relativeEffect!),
      treated.map((v) => v.ci![1]),
    ];
    return { data: columns as uPlot.AlignedData, options: opts };
  }, [treated]);
  if (treated.length === 0)
    return <p className="muted">No interval yet: the treatment needs units in every variant.</p>;
  const summary = treated
    .map((v) => `${v.variant}: ${pct(v.relativeEffect!)} (CI ${pct(v.ci![0])} to ${pct(v.ci![1])})`)
    .join('; ');
  return (
    <UplotChart
      label="Relative effect against control with confidence intervals"
      options={options}
      data={data}
      summary={summary}
    />
  );
}
