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

interface FieldExtras {
  label: string;
  messages?: string[];
  hint?: ReactNode;
}

/**
 * A labelled control with its hint and validation messages (aria-invalid while it has any):
 * `control` receives the id and ARIA attributes to spread onto the input or select.
 */
function PlanField({
  label,
  messages = [],
  hint,
  id: given,
  control,
}: FieldExtras & {
  id: string | undefined;
  control: (aria: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const generated = useId();
  const id = given ?? generated;
  const describedBy =
    [hint ? `${id}-hint` : '', messages.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  return (
    <span className="plan-field">
      <label htmlFor={id}>{label}</label>
      {control({
        id,
        ...(messages.length > 0 && { 'aria-invalid': true as const }),
        ...(describedBy && { 'aria-describedby': describedBy }),
      })}
      <FieldMessages id={id} messages={messages} hint={hint} />
    </span>
  );
}

/** A labelled text input with its hint and its validation messages. */
export function PlanInput({
  label,
  messages,
  hint,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & FieldExtras) {
  return (
    <PlanField
      label={label}
      messages={messages}
      hint={hint}
      id={props.id}
      control={(aria) => <input {...props} {...aria} />}
    />
  );
}

/** A labelled select with its hint and validation messages. */
export function PlanSelect({
  label,
  messages,
  hint,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & FieldExtras) {
  return (
    <PlanField
      label={label}
      messages={messages}
      hint={hint}
      id={props.id}
      control={(aria) => <select {...props} {...aria} />}
    />
  );
}
