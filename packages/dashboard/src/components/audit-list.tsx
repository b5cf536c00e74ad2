import type { AuditEntry } from '../api/types.js';
import { DiffView } from './diff-view.js';

/** Audit entries, newest first, each with its before/after diff behind a disclosure. */
export function AuditList({ entries }: { entries: readonly AuditEntry[] }) {
  if (entries.length === 0) return <p className="muted">No changes recorded.</p>;
  return (
    <ol className="audit">
      {entries.map((entry) => (
        <li key={entry.id}>
          <details>
            <summary>
              <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>{' '}
              <strong>{entry.action}</strong> <code>{entry.resource}</code> by {entry.actor.name}
              {entry.reason ? ` — ${entry.reason}` : ''}
            </summary>
            <DiffView changes={entry.changes} label={`Changes made by ${entry.action} at ${entry.at}`} />
          </details>
        </li>
      ))}
    </ol>
  );
}
