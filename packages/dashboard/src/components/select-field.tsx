import { type SelectHTMLAttributes, useId } from 'react';

/**
 * A select with a label of its own (not wrapped), so its name is the label alone, not the label
 * followed by every option's text.
 */
export function SelectField({
  label,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string }) {
  const id = useId();
  return (
    <span className="select-field">
      <label htmlFor={id}>{label}</label> <select id={id} {...props} />
    </span>
  );
}
