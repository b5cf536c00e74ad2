import type { PlanIssue } from '@switchyard/rollout';
import type { Segment } from '../../api/types.js';
import { move, newRing, type RingDraft } from './plan-drafts.js';
import { FieldMessages, PlanInput, PlanSelect } from './plan-field.js';
import { messagesAt } from './rollout-plan-form.js';

/** Rings in order: each gets the variant in full for one interval, before the general population ramps. */
export function RingFields({
  rings,
  segments,
  issues,
  onChange,
  onFocusLater,
}: {
  rings: RingDraft[];
  segments: Segment[];
  issues: readonly PlanIssue[];
  onChange: (next: RingDraft[]) => void;
  onFocusLater: (id: string) => void;
}) {
  const update = (index: number, patch: Partial<RingDraft>) =>
    onChange(rings.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="plan-list" aria-describedby="rings-help">
      <legend>Rings</legend>
      <p id="rings-help" className="muted">
        Audiences served the variant in full first, in this order: each ring is a step of its own, held for
        the interval and gated by the guardrails, and stays open while the percentages grow.
      </p>
      {messagesAt(issues, '/rings').map((m) => (
        <p key={m} className="error">
          {m}
        </p>
      ))}
      {rings.length === 0 && <p className="muted">No rings: the ramp starts with everyone.</p>}
      <ol className="plan-rings">
        {rings.map((ring, i) => {
          const n = i + 1;
          const at = `/rings/${i}`;
          const name = (field: string) => `Ring ${n}: ${field}`;
          const conditionId = `ring-${ring.id}-condition`;
          const conditionMessages = messagesAt(issues, `${at}/condition`);
          return (
            <li key={ring.id}>
              <fieldset className="plan-item">
                <legend>
                  Ring {n}: {ring.name || '(unnamed)'}
                </legend>
                {messagesAt(issues, at).map((m) => (
                  <p key={m} className="error">
                    {m}
                  </p>
                ))}
                <div className="grid-form">
                  <PlanInput
                    id={`ring-${ring.id}-first`}
                    label="Name"
                    aria-label={name('name')}
                    value={ring.name}
                    messages={messagesAt(issues, `${at}/name`)}
                    onChange={(e) => update(i, { name: e.target.value })}
                  />
                  <PlanSelect
                    label="Audience"
                    aria-label={name('audience')}
                    value={ring.audience}
                    onChange={(e) => update(i, { audience: e.target.value as RingDraft['audience'] })}
                  >
                    <option value="segment">a segment</option>
                    <option value="condition">a condition (JSON Logic)</option>
                  </PlanSelect>
                  {ring.audience === 'segment' && (
                    <PlanSelect
                      label="Segment"
                      aria-label={name('segment')}
                      value={ring.segment}
                      messages={messagesAt(issues, `${at}/segment`)}
                      hint={segments.length === 0 ? 'This environment has no segments yet.' : undefined}
                      onChange={(e) => update(i, { segment: e.target.value })}
                    >
                      {!segments.some((s) => s.key === ring.segment) && (
                        <option value={ring.segment}>{ring.segment || '(choose a segment)'}</option>
                      )}
                      {segments.map((s) => (
                        <option key={s.key} value={s.key}>
                          {s.key}
                          {s.name && s.name !== s.key ? ` (${s.name})` : ''}
                        </option>
                      ))}
                    </PlanSelect>
                  )}
                </div>
                {ring.audience === 'condition' && (
                  <span className="plan-field">
                    <label htmlFor={conditionId}>Condition (JSON Logic)</label>
                    <textarea
                      id={conditionId}
                      aria-label={name('condition (JSON Logic)')}
                      rows={3}
                      spellCheck={false}
                      placeholder={'{"in": ["beta", {"var": "groups"}]}'}
                      value={ring.condition}
                      aria-invalid={conditionMessages.length > 0 || undefined}
                      aria-describedby={conditionMessages.length > 0 ? `${conditionId}-error` : undefined}
                      onChange={(e) => update(i, { condition: e.target.value })}
                    />
                    <FieldMessages id={conditionId} messages={conditionMessages} />
                  </span>
                )}
                <div className="actions">
                  <button
                    type="button"
                    id={`ring-${ring.id}-up`}
                    disabled={i === 0}
                    onClick={() => {
                      onChange(move(rings, i, -1));
                      onFocusLater(i - 1 === 0 ? `ring-${ring.id}-down` : `ring-${ring.id}-up`);
                    }}
                  >
                    Move ring {n} up
                  </button>
                  <button
                    type="button"
                    id={`ring-${ring.id}-down`}
                    disabled={i === rings.length - 1}
                    onClick={() => {
                      onChange(move(rings, i, 1));
                      onFocusLater(
                        i + 1 === rings.length - 1 ? `ring-${ring.id}-up` : `ring-${ring.id}-down`,
                      );
                    }}
                  >
                    Move ring {n} down
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      onChange(rings.filter((_, j) => j !== i));
                      onFocusLater('add-ring');
                    }}
                  >
                    Remove ring {n}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        id="add-ring"
        onClick={() => {
          const ring = newRing(
            rings.length,
            segments.find((s) => !rings.some((r) => r.segment === s.key))?.key,
          );
          onChange([...rings, ring]);
          onFocusLater(`ring-${ring.id}-first`);
        }}
      >
        Add ring
      </button>
    </fieldset>
  );
}
