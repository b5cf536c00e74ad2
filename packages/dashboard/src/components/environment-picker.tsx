import { useId } from 'react';
import { useApp } from '../app-context.js';

/** The environment an environment-scoped screen shows. */
export function EnvironmentPicker() {
  const { environments, environment, setEnvironment } = useApp();
  const id = useId();
  return (
    <span className="picker">
      <label htmlFor={id}>Environment</label>{' '}
      <select id={id} value={environment} onChange={(e) => setEnvironment(e.target.value)}>
        {environments.map((env) => (
          <option key={env.key} value={env.key}>
            {env.name || env.key}
          </option>
        ))}
      </select>
    </span>
  );
}
