import type { PlanIssue } from '@switchyard/rollout';
import {
  BUILT_IN_METRICS,
  type GuardrailDraft,
  type GuardrailKind,
  newGuardrail,
  REGRESSION_METRICS,
} from './plan-drafts.js';
import { PlanInput, PlanSelect } from './plan-field.js';
import { messagesAt } from './rollout-plan-form.js';

const KIND_NAMES: Record<GuardrailKind, string> = {
  threshold: 'threshold',
  prometheus: 'Prometheus query',
  regression: 'regression against control',
};

/** Any number of guardrails of each kind the API accepts, each with its own fields and errors. */
export function GuardrailFields({
  guardrails,
  issues,
  onChange,
  onFocusLater,
}: {
  guardrails: GuardrailDraft[];
  issues: readonly PlanIssue[];
  onChange: (next: GuardrailDraft[]) => void;
  /** Focus the element with this id once the list has re-rendered. */
  onFocusLater: (id: string) => void;
}) {
  const update = (index: number, patch: Partial<GuardrailDraft>) =>
    onChange(guardrails.map((g, i) => (i === index ? { ...g, ...patch } : g)));
  const add = (kind: GuardrailKind) => {
    const draft = newGuardrail(kind);
    onChange([...guardrails, draft]);
    onFocusLater(`guardrail-${draft.id}-first`);
  };
  return (
    <fieldset className="plan-list" aria-describedby="guardrails-help">
      <legend>Guardrails</legend>
      <p id="guardrails-help" className="muted">
        The ramp goes on only while every guardrail holds. Thresholds bound the rolled-out variant's own
        value; a Prometheus query is run once per variant ({'{{variant}}'} is replaced by its name); a
        regression compares the variant with the control using a sequential test. None: the ramp is gated by
        time alone.
      </p>
      {messagesAt(issues, '/guardrails').map((m) => (
        <p key={m} className="error">
          {m}
        </p>
      ))}
      {guardrails.length === 0 && <p className="muted">No guardrails.</p>}
      {guardrails.map((g, i) => {
        const n = i + 1;
        const at = `/guardrails/${i}`;
        const name = (field: string) => `Guardrail ${n}: ${field}`;
        const increaseKey = g.increaseKind === 'absolute' ? 'maxIncrease' : 'maxRelativeIncrease';
        return (
          <fieldset key={g.id} className="plan-item">
            <legend>
              Guardrail {n}: {KIND_NAMES[g.kind]}
            </legend>
            {messagesAt(issues, at).map((m) => (
              <p key={m} className="error">
                {m}
              </p>
            ))}
            <div className="grid-form">
              {g.kind === 'prometheus' ? (
                <PlanInput
                  id={`guardrail-${g.id}-first`}
                  label="PromQL query"
                  aria-label={name('Prometheus query')}
                  className="wide"
                  value={g.query}
                  placeholder={'sum(rate(http_errors_total{variant="{{variant}}"}[5m]))'}
                  messages={messagesAt(issues, `${at}/prometheus`)}
                  hint={
                    g.query.trim() !== '' && !g.query.includes('{{variant}}')
                      ? 'Without {{variant}} the query gives both variants the same value.'
                      : undefined
                  }
                  onChange={(e) => update(i, { query: e.target.value })}
                />
              ) : (
                <PlanSelect
                  id={`guardrail-${g.id}-first`}
                  label="Metric"
                  aria-label={name('metric')}
                  value={g.metric}
                  messages={messagesAt(issues, `${at}/metric`)}
                  onChange={(e) => update(i, { metric: e.target.value })}
                >
                  {(g.kind === 'threshold' ? BUILT_IN_METRICS : REGRESSION_METRICS).map((m) => (
                    <option key={m.value} value={m.value}>
                      {m.label}
                    </option>
                  ))}
                </PlanSelect>
              )}
              {g.kind === 'regression' ? (
                <>
                  <PlanSelect
                    label="Tolerated increase"
                    aria-label={name('tolerated increase')}
                    value={g.increaseKind}
                    onChange={(e) =>
                      update(i, { increaseKind: e.target.value as GuardrailDraft['increaseKind'] })
                    }
                  >
                    <option value="absolute">absolute (metric units)</option>
                    <option value="relative">relative (fraction of control)</option>
                  </PlanSelect>
                  <PlanInput
                    label="Maximum increase"
                    aria-label={name('maximum increase')}
                    inputMode="decimal"
                    value={g.increase}
                    messages={messagesAt(issues, `${at}/${increaseKey}`)}
                    hint={g.increaseKind === 'absolute' ? '0.01 = one point of error rate' : '0.1 = +10%'}
                    onChange={(e) => update(i, { increase: e.target.value })}
                  />
                  <PlanInput
                    label="Alpha"
                    aria-label={name('alpha')}
                    inputMode="decimal"
                    placeholder="0.05"
                    value={g.alpha}
                    messages={messagesAt(issues, `${at}/alpha`)}
                    onChange={(e) => update(i, { alpha: e.target.value })}
                  />
                  <PlanInput
                    label="Planned sample size"
                    aria-label={name('planned sample size')}
                    inputMode="numeric"
                    placeholder="5000"
                    value={g.plannedSampleSize}
                    messages={messagesAt(issues, `${at}/plannedSampleSize`)}
                    onChange={(e) => update(i, { plannedSampleSize: e.target.value })}
                  />
                </>
              ) : (
                <>
                  <PlanInput
                    label="Max"
                    aria-label={name('max')}
                    inputMode="decimal"
                    value={g.max}
                    messages={messagesAt(issues, `${at}/max`)}
                    onChange={(e) => update(i, { max: e.target.value })}
                  />
                  <PlanInput
                    label="Min"
                    aria-label={name('min')}
                    inputMode="decimal"
                    value={g.min}
                    messages={messagesAt(issues, `${at}/min`)}
                    onChange={(e) => update(i, { min: e.target.value })}
                  />
                </>
              )}
              <PlanSelect
                label="On breach"
                aria-label={name('on breach')}
                value={g.onBreach}
                messages={messagesAt(issues, `${at}/onBreach`)}
                onChange={(e) => update(i, { onBreach: e.target.value as GuardrailDraft['onBreach'] })}
              >
                <option value="rollback">roll back</option>
                <option value="pause">pause</option>
              </PlanSelect>
            </div>
            <button
              type="button"
              onClick={() => {
                onChange(guardrails.filter((_, j) => j !== i));
                onFocusLater('add-threshold-guardrail');
              }}
            >
              Remove guardrail {n}
            </button>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" id="add-threshold-guardrail" onClick={() => add('threshold')}>
          Add threshold guardrail
        </button>
        <button type="button" onClick={() => add('prometheus')}>
          Add Prometheus guardrail
        </button>
        <button type="button" onClick={() => add('regression')}>
          Add regression guardrail
        </button>
      </div>
    </fieldset>
  );
}
