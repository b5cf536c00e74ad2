import { type FormEvent, useState } from 'react';
import { canAdminister } from '../../api/access.js';
import { api } from '../../api/client.js';
import type { SdkKey } from '../../api/types.js';
import { describeError, useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { EnvironmentPicker } from '../../components/environment-picker.js';
import { SelectField } from '../../components/select-field.js';

export function SdkKeysSection() {
  const { actor, project, environment } = useApp();
  const admin = canAdminister(actor, project, environment);
  const base = `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/sdk-keys`;
  const keys = useResource<{ sdkKeys: SdkKey[] }>(environment && admin ? base : null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState('server');
  const [created, setCreated] = useState<SdkKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!admin)
    return (
      <section className="panel" aria-labelledby="sdk-keys-title">
        <h2 id="sdk-keys-title">SDK keys</h2>
        <p className="muted">Only admins see and manage SDK keys.</p>
      </section>
    );
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setCreated(await api.post<SdkKey>(base, { name, kind }));
      setName('');
      keys.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const revoke = async (id: string) => {
    setError(null);
    try {
      await api.delete(`${base}/${encodeURIComponent(id)}`);
      keys.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section className="panel" aria-labelledby="sdk-keys-title">
      <h2 id="sdk-keys-title">SDK keys</h2>
      <EnvironmentPicker />
      <form onSubmit={create} className="inline-form">
        <label>
          Key name <input value={name} required onChange={(e) => setName(e.target.value)} />
        </label>
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="server">server</option>
          <option value="client">client</option>
        </SelectField>
        <button type="submit">Create SDK key</button>
      </form>
      {created?.key && (
        <div role="status" className="secret">
          <p>
            New key <strong>{created.name}</strong>: copy it now, it is shown only once.
          </p>
          <output aria-label="New SDK key">
            <code className="secret-value">{created.key}</code>
          </output>
          <button type="button" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      )}
      <ErrorAlert error={error ?? keys.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Prefix</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(keys.data?.sdkKeys ?? []).map((k) => (
            <tr key={k.id}>
              <th scope="row">{k.name}</th>
              <td>{k.kind}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.revokedAt ? `revoked ${new Date(k.revokedAt).toLocaleString()}` : 'active'}</td>
              <td>
                {!k.revokedAt && (
                  <button type="button" className="danger" onClick={() => revoke(k.id)}>
                    Revoke {k.name}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
