import type { PlanIssue } from '@switchyard/rollout';
import { PlanInput, PlanSelect } from './plan-field.js';
import { messagesAt, type PlanForm, type Shape } from './rollout-plan-form.js';

const DURATION_HINT = 'Like 30s, 10m, 2h, 1d or 1h30m.';

/** The ramp: its shape and that shape's own fields, and the interval every step is held for. */
export function ScheduleFields({
  form,
  issues,
  set,
}: {
  form: PlanForm;
  issues: readonly PlanIssue[];
  set: (patch: Partial<PlanForm>) => void;
}) {
  const at = (field: string) => messagesAt(issues, `/schedule/${field}`);
  const input = (
    field: keyof PlanForm & string,
    label: string,
    extra: { hint?: string; placeholder?: string } = {},
  ) => (
    <PlanInput
      label={label}
      value={form[field] as string}
      messages={field === 'steps' ? messagesAt(issues, '/schedule/steps', true) : at(field)}
      onChange={(e) => set({ [field]: e.target.value })}
      {...extra}
    />
  );
  return (
    <fieldset className="plan-list">
      <legend>Schedule</legend>
      {messagesAt(issues, '/schedule').map((m) => (
        <p key={m} className="error">
          {m}
        </p>
      ))}
      <div className="grid-form">
        <PlanSelect
          label="Shape"
          value={form.shape}
          messages={at('shape')}
          onChange={(e) => set({ shape: e.target.value as Shape })}
        >
          <option value="exponential">exponential</option>
          <option value="linear">linear</option>
          <option value="s-curve">S-curve</option>
          <option value="custom">custom steps</option>
        </PlanSelect>
        {form.shape !== 'custom' && input('start', 'Start %')}
        {form.shape === 'exponential' &&
          input('factor', 'Factor', { hint: 'Greater than 1: 2 doubles each step.' })}
        {form.shape === 'linear' && input('step', 'Step %')}
        {(form.shape === 'exponential' || form.shape === 'linear') &&
          input('max', 'Max %', {
            placeholder: '100',
            hint: 'The rollout completes at 100% after the last step.',
          })}
        {form.shape === 's-curve' && input('end', 'End %', { placeholder: '100' })}
        {form.shape === 's-curve' && input('duration', 'Duration', { hint: DURATION_HINT })}
        {form.shape === 's-curve' && input('k', 'Steepness k', { placeholder: '10' })}
        {form.shape === 'custom' &&
          input('steps', 'Steps %', { hint: 'Strictly increasing percentages, separated by commas.' })}
        {input('interval', 'Interval per step', {
          hint: `Each step, rings included, is held at least this long. ${DURATION_HINT}`,
        })}
      </div>
    </fieldset>
  );
}
