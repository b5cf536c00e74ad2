import { useState } from 'react';
import type { AuditEntry } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { AuditList } from '../../components/audit-list.js';
import { SelectField } from '../../components/select-field.js';

export default function AuditScreen() {
  const { project, environments } = useApp();
  const [environment, setEnvironment] = useState('');
  const [flag, setFlag] = useState('');
  const [actor, setActor] = useState('');
  const [cursor, setCursor] = useState<number | null>(null);
  const query = new URLSearchParams({ project, limit: '50' });
  if (environment) query.set('environment', environment);
  if (flag.trim()) query.set('flag', flag.trim());
  if (actor.trim()) query.set('actor', actor.trim());
  if (cursor !== null) query.set('cursor', String(cursor));
  const audit = useResource<{ entries: AuditEntry[]; nextCursor: number | null }>(`/audit?${query}`);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <search className="filters" aria-label="Filter the audit log">
        <SelectField
          label="Environment"
          value={environment}
          onChange={(e) => {
            setEnvironment(e.target.value);
            setCursor(null);
          }}
        >
          <option value="">any</option>
          {environments.map((e) => (
            <option key={e.key}>{e.key}</option>
          ))}
        </SelectField>
        <label>
          Flag{' '}
          <input
            value={flag}
            onChange={(e) => {
              setFlag(e.target.value);
              setCursor(null);
            }}
          />
        </label>
        <label>
          Actor{' '}
          <input
            value={actor}
            onChange={(e) => {
              setActor(e.target.value);
              setCursor(null);
            }}
          />
        </label>
      </search>
      <ErrorAlert error={audit.error} />
      {audit.data && <AuditList entries={audit.data.entries} />}
      <div className="actions">
        {cursor !== null && (
          <button type="button" onClick={() => setCursor(null)}>
            Newest
          </button>
        )}
        {audit.data?.nextCursor != null && (
          <button type="button" onClick={() => setCursor(audit.data!.nextCursor)}>
            Older
          </button>
        )}
      </div>
    </section>
  );
}
