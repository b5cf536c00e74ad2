import { type ReactNode, useState } from 'react';
import { canEdit } from '../../api/access.js';
import { api } from '../../api/client.js';
import type { Rollout } from '../../api/types.js';
import { describeError, useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { writeNotice } from '../../components/write-notice.js';
import { Link } from '../../router.js';
import { GuardrailCharts } from './guardrail-charts.js';
import { WeightChart } from './weight-chart.js';

const ACTIONS = [
  ['pause', 'Pause', ['running']],
  ['resume', 'Resume', ['paused']],
  ['promote', 'Promote', ['running', 'paused']],
  ['rollback', 'Roll back', ['running', 'paused']],
] as const;

const seconds = (iso: string) => Date.parse(iso) / 1000;

export default function RolloutScreen({ environment, id }: { environment: string; id: string }) {
  const { actor, project } = useApp();
  const base = `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/rollouts/${encodeURIComponent(id)}`;
  const rollout = useResource<Rollout>(base);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const r = rollout.data;
  const act = async (action: string) => {
    setError(null);
    setNotice(null);
    try {
      setNotice(writeNotice(await api.post(`${base}/${action}`, {}), null));
      rollout.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const timeline = r?.timeline ?? [];
  return (
    <section aria-labelledby="rollout-title">
      <p>
        <Link href="/rollouts">← Rollouts</Link>
      </p>
      <h1 id="rollout-title">
        Rollout of {r ? `${r.flag} → ${r.variant}` : id} in {environment}
      </h1>
      <Notice>{notice}</Notice>
      <ErrorAlert error={rollout.error ?? error} />
      {r && (
        <>
          <p className="status-line" aria-live="polite">
            Status <strong>{r.status}</strong> · weight <strong>{r.weight}%</strong> · step {r.step.index + 1}{' '}
            of {r.step.count}
            {r.rings.length > 0 && ` · rings ${r.rings.join(', ')}`}
          </p>
          {canEdit(actor, project, environment) && (
            <div className="actions">
              {ACTIONS.filter(([, , when]) => (when as readonly string[]).includes(r.status)).map(
                ([action, label]) => (
                  <button
                    key={action}
                    type="button"
                    className={action === 'rollback' ? 'danger' : undefined}
                    onClick={() => act(action)}
                  >
                    {label}
                  </button>
                ),
              )}
            </div>
          )}
          <WeightChart
            label="Rollout timeline: weight over time"
            planned={r.steps.map((s) => [seconds(s.earliestAt), s.weight])}
            actual={timeline.map((e) => [seconds(e.at), e.weight])}
            markers={timeline.map((e) => ({ at: seconds(e.at), action: e.action }))}
            ringSteps={r.steps.flatMap((s) =>
              s.kind === 'ring' ? [{ at: seconds(s.earliestAt), ring: s.rings.at(-1) ?? '' }] : [],
            )}
          />
          <h2>Guardrails</h2>
          <GuardrailCharts timeline={timeline} />
          <h2>Decisions</h2>
          <ol className="timeline">
            {timeline.map((event, i) => (
              <li key={i}>
                <details>
                  <summary>
                    <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time>{' '}
                    <strong>{event.action}</strong> at {event.weight}% (step {event.step + 1}) by{' '}
                    {event.actor}: {event.reason}
                  </summary>
                  <pre>{JSON.stringify(event.evidence, null, 2)}</pre>
                </details>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
