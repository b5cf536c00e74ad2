import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.js';
import type { Flag, JsonValue } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { flagKeyProblem } from './flag-key-rule.js';

const VARIANT_PRESETS: Record<string, Record<string, JsonValue>> = {
  boolean: { on: true, off: false },
  string: { control: 'control', treatment: 'treatment' },
};

export function NewFlagForm({
  existing,
  onCreated,
  onCancel,
}: {
  existing: ReadonlySet<string>;
  onCreated: (flag: Flag) => void;
  onCancel: () => void;
}) {
  const { project } = useApp();
  const [key, setKey] = useState('');
  const [touched, setTouched] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState('release');
  const [type, setType] = useState('boolean');
  const [owner, setOwner] = useState('');
  const [tags, setTags] = useState('');
  const [error, setError] = useState<string | null>(null);
  const problem = flagKeyProblem(key, existing);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    try {
      const flag = await api.post<Flag>(`/projects/${encodeURIComponent(project)}/flags`, {
        key,
        name: name || undefined,
        kind,
        owner: owner || undefined,
        tags: tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        variants: VARIANT_PRESETS[type],
      });
      onCreated(flag);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const showProblem = problem && (touched || key !== '');
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-flag-title">
      <h2 id="new-flag-title">New flag</h2>
      <div className="field">
        <label htmlFor="new-flag-key">Key</label>
        <input
          id="new-flag-key"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={showProblem ? true : undefined}
          aria-describedby="new-flag-key-help"
          autoComplete="off"
          required
        />
        <span id="new-flag-key-help" className={showProblem ? 'error' : 'muted'} aria-live="polite">
          {showProblem ? problem : 'Lowercase letters, digits, ".", "_" and "-".'}
        </span>
      </div>
      <div className="field">
        <label htmlFor="new-flag-name">Name</label>
        <input id="new-flag-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-flag-kind">Kind</label>
        <select id="new-flag-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="release">release</option>
          <option value="experiment">experiment</option>
          <option value="operational">operational</option>
          <option value="permission">permission</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-flag-type">Variants</label>
        <select id="new-flag-type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="boolean">Boolean (on / off)</option>
          <option value="string">String (control / treatment)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-flag-owner">Owner</label>
        <input id="new-flag-owner" value={owner} onChange={(e) => setOwner(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-flag-tags">Tags (comma separated)</label>
        <input id="new-flag-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={problem !== null}>
          Create flag
        </button>
      </div>
    </form>
  );
}
