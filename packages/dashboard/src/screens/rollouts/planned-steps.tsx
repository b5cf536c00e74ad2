import type { RolloutPreview } from '@switchyard/rollout';
import { useMemo } from 'react';
import { WeightChart } from './weight-chart.js';

const clock = (ms: number) => new Date(ms).toLocaleString();

/** The plan as it would run if started now: the weight chart (rings marked) and every step in a table. */
export function PlannedSteps({ preview }: { preview: RolloutPreview }) {
  const { steps } = preview;
  const { planned, ringSteps } = useMemo(
    () => ({
      planned: steps.map((s): [number, number] => [s.earliestAt / 1000, s.weight]),
      ringSteps: steps.flatMap((s) =>
        s.kind === 'ring' ? [{ at: s.earliestAt / 1000, ring: s.ring! }] : [],
      ),
    }),
    [steps],
  );
  return (
    <section aria-labelledby="planned-steps-title">
      <h3 id="planned-steps-title">Planned weights</h3>
      <WeightChart label="Planned weights over time" planned={planned} ringSteps={ringSteps} />
      <details>
        <summary>All {steps.length} planned steps</summary>
        <table aria-label="Planned steps">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Opens</th>
              <th scope="col">Rings served in full</th>
              <th scope="col">Weight of everyone else</th>
              <th scope="col">Earliest start</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.index}>
                <th scope="row">{s.index + 1}</th>
                <td>{s.kind === 'ring' ? `ring ${s.ring}` : `${s.weight}%`}</td>
                <td>{s.rings.join(', ') || '—'}</td>
                <td>{s.weight}%</td>
                <td>{clock(s.earliestAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Earliest completion: {clock(preview.earliestCompletionAt)}.</p>
      </details>
    </section>
  );
}
