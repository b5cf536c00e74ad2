import { type FormEvent, type ReactNode, useState } from 'react';
import { canEdit } from '../../api/access.js';
import { api } from '../../api/client.js';
import type { JsonValue, Segment } from '../../api/types.js';
import { describeError, useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { EnvironmentPicker } from '../../components/environment-picker.js';
import { writeNotice } from '../../components/write-notice.js';

export default function SegmentsScreen() {
  const { actor, project, environment } = useApp();
  const base = `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/segments`;
  const segments = useResource<{ segments: Segment[] }>(environment ? base : null);
  const editable = canEdit(actor, project, environment);
  const [key, setKey] = useState('');
  const [rule, setRule] = useState('{"ends_with": [{"var": "email"}, "@example.com"]}');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(rule) as JsonValue;
    } catch (failure) {
      setError(`The rule is not valid JSON: ${describeError(failure)}`);
      return;
    }
    try {
      const answer = await api.post(base, { key, rule: parsed });
      setNotice(writeNotice(answer, `Created segment ${key} in ${environment}.`));
      setKey('');
      segments.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const remove = async (segment: string) => {
    setError(null);
    setNotice(null);
    try {
      const answer = await api.delete(`${base}/${encodeURIComponent(segment)}`);
      setNotice(writeNotice(answer, `Deleted segment ${segment} from ${environment}.`));
      segments.reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section aria-labelledby="segments-title">
      <div className="title-row">
        <h1 id="segments-title">Segments</h1>
        <EnvironmentPicker />
      </div>
      <ErrorAlert error={segments.error ?? error} />
      <Notice>{notice}</Notice>
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Rule</th>
            {editable && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {(segments.data?.segments ?? []).map((s) => (
            <tr key={s.key}>
              <th scope="row">{s.key}</th>
              <td>
                <code>{JSON.stringify(s.rule)}</code>
              </td>
              {editable && (
                <td>
                  <button type="button" onClick={() => remove(s.key)}>
                    Delete segment {s.key}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <form className="panel" onSubmit={create} aria-labelledby="new-segment-title">
          <h2 id="new-segment-title">New segment</h2>
          <div className="field">
            <label htmlFor="segment-key">Segment key</label>
            <input id="segment-key" value={key} required onChange={(e) => setKey(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="segment-rule">Rule (JSON Logic)</label>
            <textarea id="segment-rule" rows={4} value={rule} onChange={(e) => setRule(e.target.value)} />
          </div>
          <button type="submit" className="primary">
            Create segment
          </button>
        </form>
      )}
    </section>
  );
}
