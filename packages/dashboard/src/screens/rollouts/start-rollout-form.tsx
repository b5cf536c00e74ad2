import { type FormEvent, useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import type { Flag, Rollout } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { SelectField } from '../../components/select-field.js';
import { DEFAULT_PLAN_FORM, type PlanForm, planBody, previewPlan } from './rollout-plan-form.js';
import { WeightChart } from './weight-chart.js';

export function StartRolloutForm({
  flags,
  onStarted,
}: {
  flags: Flag[];
  onStarted: (rollout: Rollout) => void;
}) {
  const { project, environment } = useApp();
  const [form, setForm] = useState<PlanForm>(() => {
    const flag = flags[0];
    const variants = flag ? Object.keys(flag.variants) : [];
    return {
      ...DEFAULT_PLAN_FORM,
      flag: flag?.key ?? '',
      variant: variants[0] ?? '',
      control: variants[1] ?? '',
    };
  });
  const [error, setError] = useState<string | null>(null);
  const variants = Object.keys(flags.find((f) => f.key === form.flag)?.variants ?? {});
  const set = (patch: Partial<PlanForm>) => setForm((f) => ({ ...f, ...patch }));
  const preview = useMemo(() => previewPlan(form), [form]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const rollout = await api.post<Rollout>(
        `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/rollouts`,
        { flag: form.flag, ...planBody(form) },
      );
      onStarted(rollout);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const field = (name: keyof PlanForm, label: string) => (
    <label>
      {label} <input value={form[name]} onChange={(e) => set({ [name]: e.target.value })} />
    </label>
  );
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="start-rollout-title">
      <h2 id="start-rollout-title">Start a rollout in {environment}</h2>
      <div className="grid-form">
        <SelectField
          label="Flag"
          value={form.flag}
          onChange={(e) => {
            const vs = Object.keys(flags.find((f) => f.key === e.target.value)?.variants ?? {});
            set({ flag: e.target.value, variant: vs[0] ?? '', control: vs[1] ?? '' });
          }}
        >
          {flags.map((f) => (
            <option key={f.key}>{f.key}</option>
          ))}
        </SelectField>
        <SelectField
          label="Variant to roll out"
          value={form.variant}
          onChange={(e) => set({ variant: e.target.value })}
        >
          {variants.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </SelectField>
        <SelectField label="Control" value={form.control} onChange={(e) => set({ control: e.target.value })}>
          {variants.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </SelectField>
        <SelectField
          label="Shape"
          value={form.shape}
          onChange={(e) => set({ shape: e.target.value as PlanForm['shape'] })}
        >
          <option value="exponential">exponential</option>
          <option value="linear">linear</option>
          <option value="s-curve">S-curve</option>
        </SelectField>
        {field('start', 'Start %')}
        {form.shape === 'exponential' && field('factor', 'Factor')}
        {form.shape === 'linear' && field('step', 'Step %')}
        {form.shape === 's-curve' && field('duration', 'Duration')}
        {field('interval', 'Interval per step')}
        {field('maxErrorRate', 'Roll back above error rate')}
        {field('minSamples', 'Minimum units per step')}
      </div>
      {'preview' in preview ? (
        <WeightChart
          label="Planned weights over time"
          planned={preview.preview.steps.map((s) => [s.earliestAt / 1000, s.weight])}
        />
      ) : (
        <ul className="error" aria-label="Plan problems">
          {preview.issues.map((i) => (
            <li key={i.path + i.message}>
              <code>{i.path}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert error={error} />
      <button type="submit" className="primary" disabled={!('preview' in preview)}>
        Start rollout
      </button>
    </form>
  );
}
