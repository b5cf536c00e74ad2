import { useEffect, useId, useState } from 'react';
import { ApiError } from '../../api/api-error.js';
import { changeRequestPath } from '../../api/change-requests.js';
import { api } from '../../api/client.js';
import type { ChangeRequest } from '../../api/types.js';
import { describeError } from '../../api/use-resource.js';
import { ErrorAlert, Notice } from '../../components/alert.js';

/**
 * The requester replaces the held command (as JSON): the server re-plans it against the flags as
 * they are now, and earlier approvals stop counting. The way out of a 412 on apply.
 */
export function EditCommand({ request, onChanged }: { request: ChangeRequest; onChanged: () => void }) {
  const id = useId();
  const shown = JSON.stringify(request.command, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // A new revision (this edit, or one made elsewhere) is what the field starts from again.
  useEffect(() => setText(shown), [shown]);
  const save = async () => {
    setError(null);
    setNotice(null);
    let command: unknown;
    try {
      command = JSON.parse(text);
    } catch (failure) {
      setError(`The command is not valid JSON: ${describeError(failure)}`);
      return;
    }
    try {
      await api.request(
        'PATCH',
        changeRequestPath(request.project, request.id),
        { command },
        {
          'if-match': `"${request.version}"`,
        },
      );
      setNotice('Re-planned as a new revision: earlier approvals no longer count.');
    } catch (failure) {
      setError(
        failure instanceof ApiError
          ? `Refused (${failure.status}): ${failure.describe()}`
          : describeError(failure),
      );
    }
    onChanged();
  };
  return (
    <details className="panel">
      <summary>Edit the change (re-plans it; approvals start again)</summary>
      <div className="field">
        <label htmlFor={id}>Command (JSON)</label>
        <textarea id={id} rows={10} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="actions">
        <button type="button" disabled={text === shown} onClick={() => setText(shown)}>
          Discard edits
        </button>
        <button type="button" className="primary" disabled={text === shown} onClick={() => void save()}>
          Save and re-plan
        </button>
      </div>
      <Notice>{notice}</Notice>
      <ErrorAlert error={error} />
    </details>
  );
}
