import { useState } from 'react';
import { canEdit } from '../../api/access.js';
import type { Flag, Rollout } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { EnvironmentPicker } from '../../components/environment-picker.js';
import { Link, navigate } from '../../router.js';
import { StartRolloutForm } from './start-rollout-form.js';

export default function RolloutsScreen() {
  const { actor, project, environment } = useApp();
  const base = `/projects/${encodeURIComponent(project)}`;
  const rollouts = useResource<{ rollouts: Rollout[] }>(
    environment ? `${base}/environments/${encodeURIComponent(environment)}/rollouts` : null,
  );
  const flags = useResource<{ flags: Flag[] }>(`${base}/flags`);
  const [starting, setStarting] = useState(false);
  const editable = canEdit(actor, project, environment);
  const multi = (flags.data?.flags ?? []).filter((f) => Object.keys(f.variants).length >= 2);
  return (
    <section aria-labelledby="rollouts-title">
      <div className="title-row">
        <h1 id="rollouts-title">Rollouts</h1>
        <EnvironmentPicker />
        {editable && !starting && (
          <button type="button" className="primary" onClick={() => setStarting(true)}>
            New rollout
          </button>
        )}
      </div>
      {starting && flags.data && (
        <StartRolloutForm
          flags={multi}
          onStarted={(rollout) =>
            navigate(`/rollouts/${encodeURIComponent(environment)}/${encodeURIComponent(rollout.id)}`)
          }
        />
      )}
      <ErrorAlert error={rollouts.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Variant</th>
            <th scope="col">Status</th>
            <th scope="col">Weight</th>
            <th scope="col">Step</th>
          </tr>
        </thead>
        <tbody>
          {(rollouts.data?.rollouts ?? []).map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link href={`/rollouts/${encodeURIComponent(environment)}/${encodeURIComponent(r.id)}`}>
                  {r.flag} → {r.variant}
                </Link>
              </th>
              <td>{r.variant}</td>
              <td>{r.status}</td>
              <td>{r.weight}%</td>
              <td>
                {r.step.index + 1} / {r.step.count}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rollouts.data?.rollouts.length === 0 && <p className="muted">No rollouts in {environment} yet.</p>}
    </section>
  );
}
