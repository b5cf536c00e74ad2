import { type FormEvent, useState } from 'react';
import { canEdit } from '../../api/access.js';
import { api } from '../../api/client.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';

export function EnvironmentsSection() {
  const { actor, project, environments } = useApp();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.post(`/projects/${encodeURIComponent(project)}/environments`, { key });
      setKey('');
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section className="panel" aria-labelledby="environments-title">
      <h2 id="environments-title">Environments</h2>
      <ul>
        {environments.map((env) => (
          <li key={env.key}>
            <strong>{env.key}</strong> {env.name !== env.key && env.name} · flag set version {env.version}
          </li>
        ))}
      </ul>
      {canEdit(actor, project) && (
        <form onSubmit={create} className="inline-form">
          <label>
            New environment key <input value={key} required onChange={(e) => setKey(e.target.value)} />
          </label>
          <button type="submit">Create environment</button>
        </form>
      )}
      <ErrorAlert error={error} />
    </section>
  );
}
