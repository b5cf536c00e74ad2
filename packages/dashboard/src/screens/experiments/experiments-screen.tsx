import { useState } from 'react';
import { canEdit } from '../../api/access.js';
import type { Experiment, Flag } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { EnvironmentPicker } from '../../components/environment-picker.js';
import { Link, navigate } from '../../router.js';
import { NewExperimentForm } from './new-experiment-form.js';
import { SampleSizePlanner } from './sample-size-planner.js';

export default function ExperimentsScreen() {
  const { actor, project, environment } = useApp();
  const base = `/projects/${encodeURIComponent(project)}`;
  const experiments = useResource<{ experiments: Experiment[] }>(
    environment ? `${base}/environments/${encodeURIComponent(environment)}/experiments` : null,
  );
  const flags = useResource<{ flags: Flag[] }>(`${base}/flags`);
  const [creating, setCreating] = useState(false);
  const editable = canEdit(actor, project, environment);
  const link = (key: string) => `/experiments/${encodeURIComponent(environment)}/${encodeURIComponent(key)}`;
  return (
    <section aria-labelledby="experiments-title">
      <div className="title-row">
        <h1 id="experiments-title">Experiments</h1>
        <EnvironmentPicker />
        {editable && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New experiment
          </button>
        )}
      </div>
      <SampleSizePlanner />
      {creating && flags.data && (
        <NewExperimentForm
          flags={flags.data.flags.filter((f) => Object.keys(f.variants).length >= 2)}
          onCreated={(e) => navigate(link(e.key))}
        />
      )}
      <ErrorAlert error={experiments.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Experiment</th>
            <th scope="col">Flag</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {(experiments.data?.experiments ?? []).map((e) => (
            <tr key={e.key}>
              <th scope="row">
                <Link href={link(e.key)}>{e.key}</Link>
              </th>
              <td>{e.flag}</td>
              <td>{e.status}</td>
              <td>{e.startedAt ? new Date(e.startedAt).toLocaleString() : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
