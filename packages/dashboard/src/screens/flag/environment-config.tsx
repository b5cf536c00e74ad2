import { type ReactNode, useEffect, useState } from 'react';
import { canEdit } from '../../api/access.js';
import { api } from '../../api/client.js';
import type { Flag, JsonValue, Segment } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { SelectField } from '../../components/select-field.js';
import { writeNotice } from '../../components/write-notice.js';
import type { DraftConfig } from './flag-document.js';
import { PreviewPanel } from './preview-panel.js';
import { TargetingEditor } from './targeting-editor.js';

/** What a draft starts from: the environment, its config's version and its default and targeting then. */
interface Base {
  environment: string;
  version: number | undefined;
  config: string;
}

const editedPart = (draft: DraftConfig) => JSON.stringify([draft.defaultVariant, draft.targeting]);

/**
 * Default variant and targeting of the flag in one environment, with a preview of the draft. Saved
 * with If-Match: the version the draft started from. A newer version from the server replaces the
 * draft unless it holds unsaved edits: those are kept, and when the default variant or targeting
 * changed meanwhile, the editor says so and saving waits until the edits are discarded.
 */
export function EnvironmentConfig({
  flag,
  environment,
  segments,
  onSaved,
}: {
  flag: Flag;
  environment: string;
  segments: Segment[];
  onSaved: () => void;
}) {
  const { actor, project } = useApp();
  const saved = flag.environments[environment];
  const savedDraft: DraftConfig = {
    state: saved?.state ?? 'DISABLED',
    defaultVariant: saved?.defaultVariant ?? flag.defaultVariant,
    targeting: saved?.targeting ?? null,
  };
  const baseOf = (): Base => ({ environment, version: saved?.version, config: editedPart(savedDraft) });
  const [draft, setDraft] = useState<DraftConfig>(savedDraft);
  const [base, setBase] = useState<Base>(baseOf);
  const [valid, setValid] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const savedKey = `${environment}:${saved?.version}:${JSON.stringify(savedDraft)}`;
  // Unsaved edits are what differs from the version the draft started from.
  const dirty = base.environment === environment && editedPart(draft) !== base.config;
  const changedElsewhere = dirty && base.config !== editedPart(savedDraft);
  const startOver = () => {
    setDraft(savedDraft);
    setBase(baseOf());
    setValid(true);
  };
  useEffect(() => {
    if (base.environment !== environment || !dirty) startOver();
    // A change that leaves the default and the targeting alone (the state) leaves these edits valid.
    else if (!changedElsewhere) setBase(baseOf());
  }, [savedKey]);
  const editable = canEdit(actor, project, environment);
  const save = async () => {
    setError(null);
    try {
      const answer = await api.request(
        'PATCH',
        `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/flags/${encodeURIComponent(flag.key)}`,
        { defaultVariant: draft.defaultVariant, targeting: draft.targeting },
        base.version === undefined ? {} : { 'if-match': `"${base.version}"` },
      );
      // What was saved is no longer an unsaved edit: the reload replaces the draft.
      setBase({ ...base, config: editedPart(draft) });
      setNotice(writeNotice(answer, `Saved the targeting of ${flag.key} in ${environment}.`));
      onSaved();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section className="panel" aria-labelledby="config-title">
      <h2 id="config-title">Targeting in {environment}</h2>
      <SelectField
        label="Default variant"
        value={draft.defaultVariant ?? ''}
        disabled={!editable}
        onChange={(e) => setDraft({ ...draft, defaultVariant: e.target.value })}
      >
        {Object.keys(flag.variants).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </SelectField>
      <TargetingEditor
        key={environment}
        flag={flag}
        environment={environment}
        draft={draft}
        savedTargeting={savedDraft.targeting}
        segments={segments}
        disabled={!editable}
        onChange={(targeting: JsonValue | null, ok: boolean) => {
          setDraft((d) => ({ ...d, targeting }));
          setValid(ok);
        }}
      />
      {editable && (
        <div className="actions">
          <button type="button" disabled={!dirty} onClick={startOver}>
            Discard changes
          </button>
          <button
            type="button"
            className="primary"
            disabled={!dirty || !valid || changedElsewhere}
            aria-describedby={changedElsewhere ? 'targeting-changed-elsewhere' : undefined}
            onClick={save}
          >
            Save targeting
          </button>
        </div>
      )}
      {changedElsewhere && (
        <p id="targeting-changed-elsewhere" className="warning" role="status">
          The default variant or targeting of {flag.key} in {environment} was changed elsewhere while you
          edited it. Your unsaved edits are kept here; discard them to start from what is saved now.
        </p>
      )}
      <Notice>{notice}</Notice>
      <ErrorAlert error={error} />
      <PreviewPanel flag={flag} draft={{ ...draft, state: savedDraft.state }} segments={segments} />
    </section>
  );
}
