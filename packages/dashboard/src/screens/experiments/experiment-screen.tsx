import { type ReactNode, useState } from 'react';
import { canEdit } from '../../api/access.js';
import { api } from '../../api/client.js';
import type { Experiment, ExperimentResults } from '../../api/types.js';
import { describeError, useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { writeNotice } from '../../components/write-notice.js';
import { Link } from '../../router.js';
import { CiChart } from './ci-chart.js';

const fmt = (x: number | null, digits = 4) => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export default function ExperimentScreen({
  environment,
  experimentKey,
}: {
  environment: string;
  experimentKey: string;
}) {
  const { actor, project } = useApp();
  const base = `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/experiments/${encodeURIComponent(experimentKey)}`;
  const experiment = useResource<Experiment>(base);
  const results = useResource<ExperimentResults>(
    experiment.data && experiment.data.status !== 'draft' ? `${base}/results` : null,
  );
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const act = async (action: 'start' | 'stop') => {
    setError(null);
    setNotice(null);
    try {
      const answer = await api.post(`${base}/${action}`, {});
      setNotice(
        writeNotice(answer, `Experiment ${experimentKey} ${action === 'start' ? 'started' : 'stopped'}.`),
      );
      experiment.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const e = experiment.data;
  const r = results.data;
  const editable = canEdit(actor, project, environment);
  const required = r?.progress?.requiredPerVariant ?? null;
  return (
    <section aria-labelledby="experiment-title">
      <p>
        <Link href="/experiments">← Experiments</Link>
      </p>
      <h1 id="experiment-title">Experiment {experimentKey}</h1>
      <ErrorAlert error={experiment.error ?? results.error ?? error} />
      <Notice>{notice}</Notice>
      {e && (
        <p>
          Flag <strong>{e.flag}</strong> · control <strong>{e.control}</strong> · status{' '}
          <strong>{e.status}</strong>
        </p>
      )}
      {e && editable && (
        <div className="actions">
          {e.status === 'draft' && (
            <button type="button" className="primary" onClick={() => act('start')}>
              Start experiment
            </button>
          )}
          {e.status === 'running' && (
            <button type="button" className="danger" onClick={() => act('stop')}>
              Stop experiment
            </button>
          )}
        </div>
      )}
      {r && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">Results</h2>
          {r.srm?.mismatch && (
            <p role="alert" className="error srm">
              Sample ratio mismatch (p = {r.srm.pValue.toExponential(2)}): assignment or exposure logging is
              broken; do not trust these results until the cause is found.
            </p>
          )}
          {r.warnings
            .filter((w) => !w.startsWith('SAMPLE RATIO MISMATCH'))
            .map((w) => (
              <p key={w} className="warning">
                {w}
              </p>
            ))}
          <p>
            {r.units.toLocaleString('en')} units · primary metric <strong>{r.primaryMetric}</strong>
          </p>
          <table>
            <caption>Primary metric per variant</caption>
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">Units</th>
                <th scope="col">Mean</th>
                <th scope="col">Relative effect</th>
                <th scope="col">Interval</th>
                <th scope="col">p-value</th>
                <th scope="col">Chance to beat control</th>
              </tr>
            </thead>
            <tbody>
              {r.variants.map((v) => (
                <tr key={v.variant}>
                  <th scope="row">{v.variant}</th>
                  <td>{v.units.toLocaleString('en')}</td>
                  <td>{fmt(v.mean)}</td>
                  <td>{pct(v.relativeEffect)}</td>
                  <td>{v.ci ? `${pct(v.ci[0])} to ${pct(v.ci[1])}` : '—'}</td>
                  <td>
                    {fmt(v.pValue)}
                    {v.significant ? ' (significant)' : ''}
                  </td>
                  <td>{pct(v.chanceToBeatControl)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <CiChart variants={r.variants} />
          {r.progress && (
            <div className="progress-block">
              <h3>Progress</h3>
              {required !== null ? (
                r.variants.map((v) => (
                  <p key={v.variant}>
                    <label>
                      {v.variant}{' '}
                      <progress max={required} value={Math.min(required, v.units)}>
                        {Math.round((Math.min(required, v.units) / required) * 100)}%
                      </progress>{' '}
                      {v.units.toLocaleString('en')} of {required.toLocaleString('en')} units
                    </label>
                  </p>
                ))
              ) : (
                <p className="muted">The required sample is known once the control has a baseline.</p>
              )}
              {r.progress.complete ? (
                <p>The planned sample is reached.</p>
              ) : (
                r.progress.daysRemaining !== null && (
                  <p>About {Math.ceil(r.progress.daysRemaining)} days to go.</p>
                )
              )}
            </div>
          )}
        </section>
      )}
    </section>
  );
}
