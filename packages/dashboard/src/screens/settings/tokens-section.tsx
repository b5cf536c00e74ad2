import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.js';
import type { AdminToken } from '../../api/types.js';
import { describeError, useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { SelectField } from '../../components/select-field.js';

/** Admin tokens: only for admins that reach every project (the server refuses everyone else). */
export function TokensSection() {
  const { actor } = useApp();
  const allowed = actor.role === 'admin' && !actor.projects && !actor.actions;
  const tokens = useResource<{ adminTokens: AdminToken[] }>(allowed ? '/admin-tokens' : null);
  const [name, setName] = useState('');
  const [role, setRole] = useState('viewer');
  const [created, setCreated] = useState<AdminToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!allowed)
    return (
      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Admin tokens</h2>
        <p className="muted">Only admins that reach every project manage admin tokens.</p>
      </section>
    );
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setCreated(await api.post<AdminToken>('/admin-tokens', { name, role }));
      setName('');
      tokens.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const revoke = async (id: string) => {
    setError(null);
    try {
      await api.delete(`/admin-tokens/${encodeURIComponent(id)}`);
      tokens.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Admin tokens</h2>
      <form onSubmit={create} className="inline-form">
        <label>
          Token name <input value={name} required onChange={(e) => setName(e.target.value)} />
        </label>
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="viewer">viewer</option>
          <option value="editor">editor</option>
          <option value="admin">admin</option>
        </SelectField>
        <button type="submit">Create admin token</button>
      </form>
      {created?.token && (
        <div role="status" className="secret">
          <p>
            New token <strong>{created.name}</strong>: copy it now, it is shown only once.
          </p>
          <output aria-label="New admin token">
            <code className="secret-value">{created.token}</code>
          </output>
          <button type="button" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      )}
      <ErrorAlert error={error ?? tokens.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Prefix</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(tokens.data?.adminTokens ?? []).map((t) => (
            <tr key={t.id}>
              <th scope="row">{t.name}</th>
              <td>{t.role}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{t.revokedAt ? 'revoked' : 'active'}</td>
              <td>
                {!t.revokedAt && (
                  <button type="button" className="danger" onClick={() => revoke(t.id)}>
                    Revoke token {t.name}
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
