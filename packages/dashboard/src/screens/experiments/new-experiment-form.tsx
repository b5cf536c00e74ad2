import { type FormEvent, type ReactNode, useState } from 'react';
import { heldChangeRequest } from '../../api/change-requests.js';
import { api } from '../../api/client.js';
import type { Experiment, Flag } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { SelectField } from '../../components/select-field.js';
import { writeNotice } from '../../components/write-notice.js';

/** A draft experiment: an even split of the flag's variants, decided on one conversion event. */
export function NewExperimentForm({
  flags,
  onCreated,
}: {
  flags: Flag[];
  onCreated: (e: Experiment) => void;
}) {
  const { project, environment } = useApp();
  const [key, setKey] = useState('');
  const [flag, setFlag] = useState(flags[0]?.key ?? '');
  const variants = Object.keys(flags.find((f) => f.key === flag)?.variants ?? {});
  const [control, setControl] = useState('');
  const [event, setEvent] = useState('purchase');
  const [mde, setMde] = useState('10');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const chosenControl = variants.includes(control) ? control : (variants.at(-1) ?? '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const created = await api.post<Experiment>(
        `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/experiments`,
        {
          key,
          flag,
          control: chosenControl,
          weights: Object.fromEntries(variants.map((v) => [v, 50])),
          primaryMetric: { event, type: 'conversion' },
          minimumDetectableEffect: Number(mde) / 100,
        },
      );
      // Held for approval (202): there is no experiment yet, only the change request.
      if (heldChangeRequest(created)) setNotice(writeNotice(created, ''));
      else onCreated(created);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-experiment-title">
      <h2 id="new-experiment-title">New experiment in {environment}</h2>
      <div className="grid-form">
        <label>
          Experiment key <input value={key} required onChange={(e) => setKey(e.target.value)} />
        </label>
        <SelectField label="Flag" value={flag} onChange={(e) => setFlag(e.target.value)}>
          {flags.map((f) => (
            <option key={f.key}>{f.key}</option>
          ))}
        </SelectField>
        <SelectField
          label="Control variant"
          value={chosenControl}
          onChange={(e) => setControl(e.target.value)}
        >
          {variants.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </SelectField>
        <label>
          Conversion event <input value={event} required onChange={(e) => setEvent(e.target.value)} />
        </label>
        <label>
          Minimum detectable effect % <input value={mde} onChange={(e) => setMde(e.target.value)} />
        </label>
      </div>
      <ErrorAlert error={error} />
      <Notice>{notice}</Notice>
      <button type="submit" className="primary">
        Create experiment
      </button>
    </form>
  );
}
