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

/** Default variant and targeting of the flag in one environment, with a preview of the draft. */
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
  const [draft, setDraft] = useState<DraftConfig>(savedDraft);
  const [valid, setValid] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const savedKey = JSON.stringify(savedDraft);
  useEffect(() => {
    setDraft(savedDraft);
    setValid(true);
  }, [savedKey, environment]);
  const editable = canEdit(actor, project, environment);
  const dirty =
    draft.defaultVariant !== savedDraft.defaultVariant ||
    JSON.stringify(draft.targeting) !== JSON.stringify(savedDraft.targeting);
  const save = async () => {
    setError(null);
    try {
      const answer = await api.patch(
        `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/flags/${encodeURIComponent(flag.key)}`,
        { defaultVariant: draft.defaultVariant, targeting: draft.targeting },
      );
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
          <button type="button" disabled={!dirty} onClick={() => setDraft(savedDraft)}>
            Discard changes
          </button>
          <button type="button" className="primary" disabled={!dirty || !valid} onClick={save}>
            Save targeting
          </button>
        </div>
      )}
      <Notice>{notice}</Notice>
      <ErrorAlert error={error} />
      <PreviewPanel flag={flag} draft={{ ...draft, state: savedDraft.state }} segments={segments} />
    </section>
  );
}
