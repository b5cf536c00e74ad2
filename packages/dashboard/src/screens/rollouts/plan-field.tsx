import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react';

/** The messages under a field, referenced by the field's aria-describedby. */
export function FieldMessages({ id, messages, hint }: { id: string; messages: string[]; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {messages.length > 0 && (
        <small id={`${id}-error`} className="error field-error">
          {messages.join('; ')}
        </small>
      )}
    </>
  );
}

const describedBy = (id: string, messages: string[], hint: unknown) =>
  [hint ? `${id}-hint` : '', messages.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A labelled text input with its hint and its validation messages (aria-invalid while it has any). */
export function PlanInput({
  label,
  messages = [],
  hint,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; messages?: string[]; hint?: ReactNode }) {
  const generated = useId();
  const id = props.id ?? generated;
  return (
    <span className="plan-field">
      <label htmlFor={id}>{label}</label>
      <input
        {...props}
        id={id}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={describedBy(id, messages, hint)}
      />
      <FieldMessages id={id} messages={messages} hint={hint} />
    </span>
  );
}

/** A labelled select with its hint and validation messages. */
export function PlanSelect({
  label,
  messages = [],
  hint,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; messages?: string[]; hint?: ReactNode }) {
  const generated = useId();
  const id = props.id ?? generated;
  return (
    <span className="plan-field">
      <label htmlFor={id}>{label}</label>
      <select
        {...props}
        id={id}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={describedBy(id, messages, hint)}
      />
      <FieldMessages id={id} messages={messages} hint={hint} />
    </span>
  );
}
