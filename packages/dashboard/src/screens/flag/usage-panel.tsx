import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { UplotChart } from '../../charts/uplot-chart.js';
import { ErrorAlert } from '../../components/alert.js';

interface FlagUsage {
  stepSeconds: number;
  variants: string[];
  series: { at: string; evaluations: Record<string, number>; errors: Record<string, number> }[];
  totals: { evaluations: Record<string, number>; errors: Record<string, number> };
}

const COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490'];

/** Evaluations per variant over the last 24 hours in one environment, from the server's SDK telemetry. */
export function UsagePanel({ flagKey, environment }: { flagKey: string; environment: string }) {
  const { project } = useApp();
  const usage = useResource<FlagUsage>(
    `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/flags/${encodeURIComponent(flagKey)}/usage?range=24h`,
  );
  const u = usage.data;
  const chart = useMemo(() => {
    if (!u) return null;
    const options: Omit<uPlot.Options, 'width' | 'height'> & { height: number } = {
      height: 200,
      series: [
        {},
        ...u.variants.map((variant, i) => ({
          label: variant,
          stroke: COLOURS[i % COLOURS.length],
          width: 2,
        })),
      ],
      axes: [{}, { label: 'evaluations' }],
    };
    const data = [
      u.series.map((p) => Date.parse(p.at) / 1000),
      ...u.variants.map((v) => u.series.map((p) => p.evaluations[v] ?? 0)),
    ] as uPlot.AlignedData;
    return { options, data };
  }, [u]);
  const total = u ? Object.values(u.totals.evaluations).reduce((a, b) => a + b, 0) : 0;
  const summary = u
    ? total === 0
      ? 'No evaluations reported in the last 24 hours.'
      : `${total.toLocaleString('en')} evaluations in 24 hours: ${u.variants
          .map((v) => `${v} ${(u.totals.evaluations[v] ?? 0).toLocaleString('en')}`)
          .join(', ')}.`
    : '';
  return (
    <section className="panel" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage in {environment}</h2>
      <ErrorAlert error={usage.error} />
      {chart && (
        <UplotChart
          label={`Evaluations per variant over the last 24 hours in ${environment}`}
          options={chart.options}
          data={chart.data}
          summary={summary}
        />
      )}
    </section>
  );
}
