import { type ReactNode, useState } from 'react';
import { canEdit } from '../../api/access.js';
import { api } from '../../api/client.js';
import type { Flag, FlagState } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { writeNotice } from '../../components/write-notice.js';

const isProduction = (env: string) => /^prod/i.test(env);

/** The kill switch per environment; production asks first. */
export function StateSwitches({ flag, onChanged }: { flag: Flag; onChanged: () => void }) {
  const { actor, project, environments } = useApp();
  const [confirming, setConfirming] = useState<{ env: string; state: FlagState } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const apply = async (env: string, state: FlagState) => {
    setConfirming(null);
    setError(null);
    try {
      const answer = await api.patch(
        `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(env)}/flags/${encodeURIComponent(flag.key)}`,
        { state },
      );
      setNotice(writeNotice(answer, `${flag.key} is now ${state === 'ENABLED' ? 'on' : 'off'} in ${env}.`));
      onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section aria-labelledby="states-title" className="panel">
      <h2 id="states-title">On / off</h2>
      <ul className="switches">
        {environments.map((env) => {
          const on = flag.environments[env.key]?.state === 'ENABLED';
          const editable = canEdit(actor, project, env.key);
          const label = `Enabled in ${env.key}`;
          return (
            <li key={env.key}>
              <span className="env-name">{env.name || env.key}</span>
              {editable ? (
                <button
                  type="button"
                  role="switch"
                  aria-checked={on}
                  aria-label={label}
                  className={on ? 'switch on' : 'switch'}
                  onClick={() => {
                    const state: FlagState = on ? 'DISABLED' : 'ENABLED';
                    if (isProduction(env.key)) setConfirming({ env: env.key, state });
                    else void apply(env.key, state);
                  }}
                >
                  <span aria-hidden="true">{on ? 'On' : 'Off'}</span>
                </button>
              ) : (
                <span className={on ? 'state on' : 'state'}>{on ? 'On' : 'Off'}</span>
              )}
            </li>
          );
        })}
      </ul>
      <Notice>{notice}</Notice>
      <ErrorAlert error={error} />
      {confirming && (
        <ConfirmDialog
          title={`Turn ${flag.key} ${confirming.state === 'ENABLED' ? 'on' : 'off'} in ${confirming.env}?`}
          confirmLabel={
            confirming.state === 'ENABLED' ? `Turn on in ${confirming.env}` : `Turn off in ${confirming.env}`
          }
          onCancel={() => setConfirming(null)}
          onConfirm={() => void apply(confirming.env, confirming.state)}
        >
          <p>This changes what every application in {confirming.env} serves, at once.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
