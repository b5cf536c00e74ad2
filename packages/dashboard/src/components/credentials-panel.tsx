import { type FormEvent, type ReactNode, useState } from 'react';
import { api } from '../api/client.js';
import { describeError, useResource } from '../api/use-resource.js';
import { ErrorAlert } from './alert.js';
import { SelectField } from './select-field.js';

/** What SDK keys and admin tokens have in common: a name, one choice, a prefix, a revocation. */
export interface Credential {
  id: string;
  name: string;
  prefix: string;
  revokedAt: string | null;
}

export interface CredentialsPanelProps<T extends Credential> {
  /** Heading; its id labels the section. */
  title: string;
  titleId: string;
  /** The collection's API path (list, create; `/{id}` revokes); null while there is none to manage. */
  path: string | null;
  /** The field of the list answer that holds the credentials. */
  listField: string;
  /** Label of the name field and of the create button. */
  nameLabel: string;
  createLabel: string;
  /** The one choice made at creation (kind, role): the body field, its label and values. */
  choice: { field: string & keyof T; label: string; values: readonly string[] };
  /** The secret the create answer carries once, and how the page names it. */
  secret: { field: string & keyof T; noun: string; label: string };
  revokeLabel(credential: T): string;
  statusOf(credential: T): string;
  /** Shown above the create form (an environment picker). */
  children?: ReactNode;
}

/** Create (the secret shown once), list and revoke credentials of one kind. */
export function CredentialsPanel<T extends Credential>(props: CredentialsPanelProps<T>) {
  const { path, choice, secret } = props;
  const list = useResource<Record<string, T[]>>(path);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState(choice.values[0] ?? '');
  const [created, setCreated] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
      list.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    if (path === null) return;
    return run(async () => {
      setCreated(await api.post<T>(path, { name, [choice.field]: chosen }));
      setName('');
    });
  };
  const revoke = (id: string) => run(() => api.delete(`${path}/${encodeURIComponent(id)}`));

  const createdSecret = created?.[secret.field];
  return (
    <section className="panel" aria-labelledby={props.titleId}>
      <h2 id={props.titleId}>{props.title}</h2>
      {props.children}
      <form onSubmit={create} className="inline-form">
        <label>
          {props.nameLabel} <input value={name} required onChange={(e) => setName(e.target.value)} />
        </label>
        <SelectField label={choice.label} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {choice.values.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </SelectField>
        <button type="submit" disabled={path === null}>
          {props.createLabel}
        </button>
      </form>
      {created && typeof createdSecret === 'string' && (
        <div role="status" className="secret">
          <p>
            New {secret.noun} <strong>{created.name}</strong>: copy it now, it is shown only once.
          </p>
          <output aria-label={secret.label}>
            <code className="secret-value">{createdSecret}</code>
          </output>
          <button type="button" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      )}
      <ErrorAlert error={error ?? list.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">{choice.label}</th>
            <th scope="col">Prefix</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.[props.listField] ?? []).map((credential) => (
            <tr key={credential.id}>
              <th scope="row">{credential.name}</th>
              <td>{String(credential[choice.field])}</td>
              <td>
                <code>{credential.prefix}…</code>
              </td>
              <td>{props.statusOf(credential)}</td>
              <td>
                {!credential.revokedAt && (
                  <button type="button" className="danger" onClick={() => revoke(credential.id)}>
                    {props.revokeLabel(credential)}
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

/** The section as a reader without the right to manage the credentials sees it. */
export function DeniedPanel(props: { title: string; titleId: string; message: string }) {
  return (
    <section className="panel" aria-labelledby={props.titleId}>
      <h2 id={props.titleId}>{props.title}</h2>
      <p className="muted">{props.message}</p>
    </section>
  );
}
