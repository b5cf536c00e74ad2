import type { PlanIssue } from '@switchyard/rollout';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/api-error.js';
import { changeReasonHeader } from '../../api/change-reason-header.js';
import { heldChangeRequest } from '../../api/change-requests.js';
import { api } from '../../api/client.js';
import type { Flag, Rollout, Segment } from '../../api/types.js';
import { describeError, useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { writeNotice } from '../../components/write-notice.js';
import { GuardrailFields } from './guardrail-fields.js';
import { PlanInput, PlanSelect } from './plan-field.js';
import { PlannedSteps } from './planned-steps.js';
import { RingFields } from './ring-fields.js';
import {
  initialPlanForm,
  messagesAt,
  type PlanForm,
  planPointer,
  planRequest,
  previewPlan,
} from './rollout-plan-form.js';
import { ScheduleFields } from './schedule-fields.js';

export function StartRolloutForm({
  flags,
  onStarted,
}: {
  flags: Flag[];
  onStarted: (rollout: Rollout) => void;
}) {
  const { project, environment } = useApp();
  const envPath = `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}`;
  const segments = useResource<{ segments: Segment[] }>(`${envPath}/segments`);
  const [form, setForm] = useState<PlanForm>(() => {
    const variants = flags[0] ? Object.keys(flags[0].variants) : [];
    return initialPlanForm({
      flag: flags[0]?.key ?? '',
      variant: variants[0] ?? '',
      control: variants[1] ?? '',
    });
  });
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<PlanIssue[]>([]);
  const [submitting, setSubmitting] = useState(false);
  /** The notice of a start held for approval: no rollout yet, only its change request. */
  const [held, setHeld] = useState<ReactNode>(null);
  const [focusLater, setFocusLater] = useState<string | null>(null);
  // The planned times start now, so the chart's axis reads as clock times if it started at once.
  const [now] = useState(() => Date.now());
  useEffect(() => {
    if (focusLater === null) return;
    document.getElementById(focusLater)?.focus();
    setFocusLater(null);
  }, [focusLater]);

  const variants = Object.keys(flags.find((f) => f.key === form.flag)?.variants ?? {});
  const set = (patch: Partial<PlanForm>) => {
    // What the server refused is about the form as it was; an edit starts afresh.
    setServerIssues([]);
    setError(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const preview = useMemo(() => previewPlan(form, now), [form, now]);
  const issues = serverIssues.length > 0 ? serverIssues : preview.issues;
  const at = (pointer: string) => messagesAt(issues, pointer);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!('preview' in preview) || submitting) return;
    setError(null);
    setHeld(null);
    setSubmitting(true);
    try {
      const answer = await api.request<Rollout>(
        'POST',
        `${envPath}/rollouts`,
        planRequest(form).body,
        reason.trim() ? { 'x-change-reason': changeReasonHeader(reason.trim()) } : {},
      );
      if (heldChangeRequest(answer)) setHeld(writeNotice(answer, ''));
      else onStarted(answer);
    } catch (failure) {
      setError(describeError(failure));
      if (failure instanceof ApiError)
        setServerIssues(failure.issues.map((i) => ({ path: planPointer(i.path), message: i.message })));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="start-rollout-title" noValidate>
      <h2 id="start-rollout-title">Start a rollout in {environment}</h2>
      <div className="grid-form">
        <PlanSelect
          label="Flag"
          value={form.flag}
          onChange={(e) => {
            const vs = Object.keys(flags.find((f) => f.key === e.target.value)?.variants ?? {});
            set({ flag: e.target.value, variant: vs[0] ?? '', control: vs[1] ?? '', safeVariant: '' });
          }}
        >
          {flags.map((f) => (
            <option key={f.key}>{f.key}</option>
          ))}
        </PlanSelect>
        <PlanSelect
          label="Variant to roll out"
          value={form.variant}
          messages={at('/variant')}
          onChange={(e) => set({ variant: e.target.value })}
        >
          {variants.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </PlanSelect>
        <PlanSelect
          label="Control"
          value={form.control}
          messages={at('/control')}
          onChange={(e) => set({ control: e.target.value })}
        >
          {variants.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </PlanSelect>
        <PlanSelect
          label="Safe variant (served on rollback)"
          value={form.safeVariant}
          messages={at('/safeVariant')}
          onChange={(e) => set({ safeVariant: e.target.value })}
        >
          <option value="">the control{form.control ? ` (${form.control})` : ''}</option>
          {variants
            .filter((v) => v !== form.variant && v !== form.control)
            .map((v) => (
              <option key={v}>{v}</option>
            ))}
        </PlanSelect>
        <PlanInput
          label="Minimum units per step"
          inputMode="numeric"
          placeholder="100"
          value={form.minSamples}
          messages={at('/minSamples')}
          hint="Per variant a guardrail reads, before a step may advance."
          onChange={(e) => set({ minSamples: e.target.value })}
        />
      </div>
      <ScheduleFields form={form} issues={issues} set={set} />
      <RingFields
        rings={form.rings}
        segments={segments.data?.segments ?? []}
        issues={issues}
        onChange={(rings) => set({ rings })}
        onFocusLater={setFocusLater}
      />
      <GuardrailFields
        guardrails={form.guardrails}
        issues={issues}
        onChange={(guardrails) => set({ guardrails })}
        onFocusLater={setFocusLater}
      />
      {'preview' in preview ? (
        <PlannedSteps preview={preview.preview} />
      ) : (
        <div>
          <h3>Plan problems</h3>
          <ul className="error" aria-label="Plan problems">
            {preview.issues.map((i) => (
              <li key={i.path + i.message}>
                <code>{i.path}</code> {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="grid-form">
        <PlanInput
          label="Reason (audit trail)"
          value={reason}
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <Notice>{held}</Notice>
      <ErrorAlert error={error} />
      <button type="submit" className="primary" disabled={!('preview' in preview) || submitting}>
        Start rollout
      </button>
    </form>
  );
}
