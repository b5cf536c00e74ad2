import { type ReactNode, useEffect, useState } from 'react';
import { canEdit } from '../../api/access.js';
import { api } from '../../api/client.js';
import type { Flag } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { SelectField } from '../../components/select-field.js';
import { writeNotice } from '../../components/write-notice.js';
import {
  draftsOf,
  newDraft,
  VALUE_TYPES,
  type ValueType,
  type VariantDraft,
  type VariantIssue,
  variantsPatch,
} from './variant-model.js';

function VariantsTable({ flag }: { flag: Flag }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(flag.variants).map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              <code>{JSON.stringify(value)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const messagesOf = (issues: VariantIssue[], row: number, field: 'name' | 'value') =>
  issues.filter((i) => i.row === row && i.field === field).map((i) => i.message);

/** What the drafts start from: the flag's version and its variants then. */
interface Base {
  version: number;
  variants: string;
}

const baseOf = (flag: Flag): Base => ({ version: flag.version, variants: JSON.stringify(flag.variants) });

/**
 * The flag's variants; editors add, rename and remove them and change their values, saved as one
 * `PATCH …/flags/{flag}` (If-Match: the version the edits started from). Viewers get the table only.
 * A newer version from the server replaces the drafts unless they hold unsaved edits: those are
 * kept, and when the variants themselves changed meanwhile, the editor says so and saving waits
 * until the edits are discarded (the server would refuse them with 412 anyway).
 */
export function VariantsEditor({ flag, onSaved }: { flag: Flag; onSaved: () => void }) {
  const { actor, project } = useApp();
  const editable = canEdit(actor, project);
  const [initial, setInitial] = useState(() => draftsOf(flag));
  const [base, setBase] = useState(() => baseOf(flag));
  const [type, setType] = useState<ValueType>(initial.type);
  const [drafts, setDrafts] = useState<VariantDraft[]>(initial.drafts);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const [saving, setSaving] = useState(false);
  const savedKey = `${flag.key}:${flag.version}`;
  const dirty =
    type !== initial.type ||
    JSON.stringify(drafts.map((d) => [d.name, d.value])) !==
      JSON.stringify(initial.drafts.map((d) => [d.name, d.value]));
  const variantsNow = JSON.stringify(flag.variants);
  const changedElsewhere = base.version !== flag.version && base.variants !== variantsNow;
  const startOver = () => {
    const next = draftsOf(flag);
    setInitial(next);
    setType(next.type);
    setDrafts(next.drafts);
    setBase(baseOf(flag));
  };
  useEffect(() => {
    if (flag.version === base.version) return;
    if (!dirty) startOver();
    // Another change to the flag (its description, a state) leaves these edits valid.
    else if (base.variants === variantsNow) setBase(baseOf(flag));
  }, [savedKey]);

  if (!editable)
    return (
      <section className="panel" aria-labelledby="variants-title">
        <h2 id="variants-title">Variants</h2>
        <VariantsTable flag={flag} />
      </section>
    );

  const result = variantsPatch(flag, type, drafts);
  const issues = 'issues' in result ? result.issues : [];
  const update = (id: number, patch: Partial<VariantDraft>) => {
    setNotice(null);
    setDrafts((ds) => ds.map((d) => (d.id === id ? { ...d, ...patch } : d)));
  };
  const save = async () => {
    if (!('patch' in result)) return;
    setError(null);
    setSaving(true);
    try {
      const answer = await api.request(
        'PATCH',
        `/projects/${encodeURIComponent(project)}/flags/${encodeURIComponent(flag.key)}`,
        result.patch,
        { 'if-match': `"${base.version}"` },
      );
      // What was saved is no longer an unsaved edit: the reload replaces the drafts.
      setInitial({ type, drafts });
      setNotice(writeNotice(answer, `Saved the variants of ${flag.key}.`));
      onSaved();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSaving(false);
    }
  };
  const general = issues.filter((i) => i.row === null);
  return (
    <section className="panel" aria-labelledby="variants-title">
      <h2 id="variants-title">Variants</h2>
      <SelectField label="Value type" value={type} onChange={(e) => setType(e.target.value as ValueType)}>
        {VALUE_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </SelectField>
      <table aria-label="Variants">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d, row) => {
            const n = row + 1;
            const nameErrors = messagesOf(issues, row, 'name');
            const valueErrors = messagesOf(issues, row, 'value');
            const nameId = `variant-${d.id}-name`;
            const valueId = `variant-${d.id}-value`;
            const valueProps = {
              id: valueId,
              'aria-label': `Variant ${n}: value`,
              'aria-invalid': valueErrors.length > 0 || undefined,
              'aria-describedby': valueErrors.length > 0 ? `${valueId}-error` : undefined,
              className: 'variant-value',
            };
            return (
              <tr key={d.id}>
                <td>
                  <input
                    id={nameId}
                    aria-label={`Variant ${n}: name`}
                    value={d.name}
                    maxLength={200}
                    aria-invalid={nameErrors.length > 0 || undefined}
                    aria-describedby={nameErrors.length > 0 ? `${nameId}-error` : undefined}
                    onChange={(e) => update(d.id, { name: e.target.value })}
                  />
                  {d.original !== null && d.original !== d.name && (
                    <small className="muted"> was {d.original}</small>
                  )}
                  {nameErrors.length > 0 && (
                    <small id={`${nameId}-error`} className="error field-error">
                      <br />
                      {nameErrors.join('; ')}
                    </small>
                  )}
                </td>
                <td>
                  {type === 'boolean' ? (
                    <select
                      {...valueProps}
                      value={d.value.trim()}
                      onChange={(e) => update(d.id, { value: e.target.value })}
                    >
                      {d.value.trim() !== 'true' && d.value.trim() !== 'false' && (
                        <option value={d.value.trim()}>{d.value || '(choose)'}</option>
                      )}
                      <option value="true">true</option>
                      <option value="false">false</option>
                    </select>
                  ) : type === 'object' ? (
                    <textarea
                      {...valueProps}
                      rows={3}
                      spellCheck={false}
                      value={d.value}
                      onChange={(e) => update(d.id, { value: e.target.value })}
                    />
                  ) : (
                    <input
                      {...valueProps}
                      inputMode={type === 'number' ? 'decimal' : undefined}
                      value={d.value}
                      onChange={(e) => update(d.id, { value: e.target.value })}
                    />
                  )}
                  {valueErrors.length > 0 && (
                    <small id={`${valueId}-error`} className="error field-error">
                      <br />
                      {valueErrors.join('; ')}
                    </small>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      setNotice(null);
                      setDrafts((ds) => ds.filter((x) => x.id !== d.id));
                      document.getElementById('add-variant')?.focus();
                    }}
                  >
                    Remove variant {n}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {general.length > 0 && (
        <ul className="error issue-list" aria-label="Variant problems">
          {general.map((i) => (
            <li key={i.message}>{i.message}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button
          type="button"
          id="add-variant"
          onClick={() => {
            const draft = newDraft(
              type,
              drafts.map((d) => d.name),
            );
            setDrafts((ds) => [...ds, draft]);
            requestAnimationFrame(() => document.getElementById(`variant-${draft.id}-name`)?.focus());
          }}
        >
          Add variant
        </button>
        <button type="button" disabled={!dirty && !changedElsewhere} onClick={startOver}>
          Discard variant changes
        </button>
        <button
          type="button"
          className="primary"
          disabled={!dirty || changedElsewhere || issues.length > 0 || saving}
          aria-describedby={changedElsewhere ? 'variants-changed-elsewhere' : undefined}
          onClick={save}
        >
          Save variants
        </button>
      </div>
      {changedElsewhere && (
        <p id="variants-changed-elsewhere" className="warning" role="status">
          The variants of {flag.key} were changed elsewhere (now version {flag.version}) while you edited
          them. Your unsaved edits are kept here; discard them to start from the new variants.
        </p>
      )}
      <Notice>{notice}</Notice>
      <ErrorAlert error={error} />
    </section>
  );
}
